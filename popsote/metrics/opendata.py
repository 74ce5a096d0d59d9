"""The open-data set: the county's monthly counts as one CSV table, a CSV-on-the-Web metadata
file that describes every column of it, and a DCAT-AP description of the dataset that a
national open-data portal harvests.

The table is long ("tidy"): one row per month, measure and value of one dimension, so that a
new area or stakeholder group is a new row, never a new column, and a harvester's schema never
changes. Each month is counted for the whole county (``dimension`` ``total``) and by each of
the four dimensions alone; crossing them would leave most cells with fewer than five people,
withheld. Only whole months are published (up to last month): a figure of the running month
would change under the reader.

The counts come from the same rollups as the dashboard and the public page, under the same
rules (``withholding``): a count under ``SMALL_CELL`` is empty with ``withheld`` true, and the
metadata says the smallest count is ``SMALL_CELL``, so validating the file against its own
metadata proves that nothing smaller slipped out. A value of a dimension missing from a month
had nothing to count.
"""

from __future__ import annotations

import csv
import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ideas.lifecycle import Action
from popsote.core.site import absolute_url
from popsote.metrics.models import ALL_GROUPS, Participation, SuggestionMonth
from popsote.metrics.registry import METRICS, SMALL_CELL
from popsote.metrics.rollups import FIRST_RESPONSE
from popsote.metrics.withholding import withhold
from popsote.taxonomy.models import Area, ServiceArea, StakeholderGroup, SuggestionKind

LANGUAGES = ("fi", "sv", "en")


@dataclass(frozen=True)
class Measure:
    code: str
    actions: tuple[str, ...]  # the rollup's actions it adds up; none for participants
    label: object
    metric: str  # the registry's metric that defines it


MEASURES = (
    Measure("received", (Action.SUBMIT,), _("Received"), "funnel"),
    Measure("first_response", (FIRST_RESPONSE,), _("Processed (first response given)"), "funnel"),
    Measure("accepted", (Action.ACCEPT,), _("Accepted for development"), "funnel"),
    Measure(
        "implementation_started",
        (Action.START_IMPLEMENTATION,),
        _("Implementation started"),
        "funnel",
    ),
    Measure("deployed", (Action.MARK_DEPLOYED,), _("Deployed"), "funnel"),
    Measure("not_advanced", (Action.NOT_ADVANCE,), _("Not taken forward"), "outcomes"),
    Measure("merged", (Action.MERGE,), _("Merged into another suggestion"), "outcomes"),
    Measure(
        "existing_solution",
        (Action.EXISTING_SOLUTION,),
        _("Answered by an existing solution"),
        "outcomes",
    ),
    Measure("withdrawn", (Action.WITHDRAW,), _("Withdrawn by the submitter"), "outcomes"),
    Measure("participants", (), _("Participants"), "participants"),
)
BY_ACTION = {action: measure.code for measure in MEASURES for action in measure.actions}

# The dimensions in the order of GROUPING()'s bits (the first is the highest).
DIMENSIONS = (
    ("stakeholder_group", "stakeholder_group_id", StakeholderGroup, _("Stakeholder group")),
    ("area", "area_id", Area, _("Area")),
    ("service_area", "service_area_id", ServiceArea, _("Service area")),
    ("kind", "kind_id", SuggestionKind, _("Kind")),
)
TOTAL = "total"

HEADER = (
    "month",
    "dimension",
    "code",
    "label_fi",
    "label_sv",
    "label_en",
    "measure",
    "count",
    "withheld",
)

CSV_NAME = "suggestions-by-month.csv"
METADATA_NAME = f"{CSV_NAME}-metadata.json"


def last_month(today: datetime.date | None = None) -> datetime.date:
    """The first day of the last whole month."""
    first = (today or timezone.localdate()).replace(day=1)
    return (first - datetime.timedelta(days=1)).replace(day=1)


def _suggestion_cells(last: datetime.date) -> list[tuple]:
    """(month, measure code, dimension, term id or None, count) from the county's rollup."""
    columns = [column for _code, column, _model, _label in DIMENSIONS]
    sets = ", ".join(f"({column})" for column in columns)
    sql = f"""
        SELECT month, action, {", ".join(columns)}, GROUPING({", ".join(columns)}), SUM(count)
        FROM {SuggestionMonth._meta.db_table}
        WHERE group_id = %(county)s AND month <= %(last)s AND action = ANY(%(actions)s)
        GROUP BY month, action, GROUPING SETS ({sets}, ())
    """  # noqa: S608 (our constants)
    every = (1 << len(columns)) - 1
    found: dict[tuple, int] = defaultdict(int)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"county": ALL_GROUPS, "last": last, "actions": sorted(BY_ACTION)})
        for month, action, *values, grouped, count in cursor.fetchall():
            measure = BY_ACTION[action]
            if grouped == every:
                found[(month, measure, TOTAL, None)] += int(count)
                continue
            for index, (code, *_rest) in enumerate(DIMENSIONS):
                if not grouped & (1 << (len(columns) - 1 - index)):
                    found[(month, measure, code, values[index])] += int(count)
    return [(*key, count) for key, count in found.items()]


def _participant_cells(last: datetime.date) -> list[tuple]:
    sql = f"""
        SELECT month, stakeholder_group_id, GROUPING(stakeholder_group_id),
            COUNT(DISTINCT person_key)
        FROM {Participation._meta.db_table}
        WHERE group_id = %(county)s AND month <= %(last)s
        GROUP BY month, GROUPING SETS ((stakeholder_group_id), ())
    """  # noqa: S608 (our constants)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"county": ALL_GROUPS, "last": last})
        return [
            (
                month,
                "participants",
                TOTAL if grouped else "stakeholder_group",
                None if grouped else term,
                int(count),
            )
            for month, term, grouped, count in cursor.fetchall()
        ]


def _terms() -> dict[str, dict[int, object]]:
    return {
        code: {term.pk: term for term in model.objects.all()}
        for code, _column, model, _label in DIMENSIONS
    }


def rows(today: datetime.date | None = None) -> Iterator[tuple]:
    """The table's rows after its header, ordered by month, measure, dimension and code, each
    count withheld as the public page withholds it."""
    last = last_month(today)
    cells = _suggestion_cells(last) + _participant_cells(last)
    terms = _terms()
    groups: dict[tuple, list[tuple]] = defaultdict(list)
    for month, measure, dimension, term_id, count in cells:
        groups[(month, measure, dimension)].append((term_id, count))
    measure_order = [measure.code for measure in MEASURES]
    dimension_order = [TOTAL] + [code for code, *_rest in DIMENSIONS]

    def order(key):
        month, measure, dimension = key
        return month, measure_order.index(measure), dimension_order.index(dimension)

    for key in sorted(groups, key=order):
        month, measure, dimension = key
        found = groups[key]
        if dimension != TOTAL:
            found = [(term_id, count) for term_id, count in found if term_id in terms[dimension]]
            found.sort(key=lambda cell: terms[dimension][cell[0]].code)
        shown = withhold([count for _term, count in found])
        for (term_id, _count), value in zip(found, shown, strict=True):
            if dimension == TOTAL:
                code, labels = "", dict.fromkeys(LANGUAGES, "")
            else:
                term = terms[dimension][term_id]
                code, labels = term.code, term.labels
            yield (
                month.strftime("%Y-%m"),
                dimension,
                code,
                *(labels[language] for language in LANGUAGES),
                measure,
                "" if value is None else value,
                "false" if value is not None else "true",
            )


class _Echo:
    """A file whose ``write`` hands back what it was given: ``csv.writer`` then formats one
    row at a time for a streamed response."""

    def write(self, value: str) -> str:
        return value


def csv_lines(today: datetime.date | None = None) -> Iterator[str]:
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield writer.writerow(HEADER)
    for row in rows(today):
        yield writer.writerow(row)


# --- Metadata --------------------------------------------------------------------------------


class _MeasureList:
    """The measures' codes with their names and definitions, in the active language."""

    def __str__(self) -> str:
        return "; ".join(
            f"{measure.code}: {measure.label} ({METRICS[measure.metric].name})"
            for measure in MEASURES
        )


def _in_languages(text) -> dict[str, str]:
    """A lazy text in each language, as CSVW's and JSON-LD's language maps want it."""
    found = {}
    for language in LANGUAGES:
        with translation.override(language):
            found[language] = str(text)
    return found


def _urls() -> dict[str, str]:
    # The Finnish addresses, which carry no language prefix: the same in every language.
    with translation.override("fi"):
        return _addresses()


def _addresses() -> dict[str, str]:
    return {
        "csv": absolute_url(reverse("open_data:csv")),
        "metadata": absolute_url(reverse("open_data:metadata")),
        "dcat": absolute_url(reverse("open_data:dcat")),
        "stats": absolute_url(reverse("metrics:stats")),
    }


def _enumeration(values) -> str:
    return "^(" + "|".join(values) + ")$"


TITLE = _("Development suggestions by month")
DESCRIPTION = _(
    "Monthly counts of the development suggestions made to the wellbeing services county and "
    "of what became of them, for the whole county and by stakeholder group, area, service area "
    "and kind, and the number of different people who took part. Counts of fewer than five "
    "are withheld."
)


def csvw_metadata() -> dict:
    """The CSV-on-the-Web description of ``csv_lines``' table (W3C's tabular metadata)."""
    urls = _urls()
    measures = _MeasureList()
    dimension_codes = [TOTAL] + [code for code, *_rest in DIMENSIONS]

    def column(name, titles, description, datatype, *, required=True, null=None):
        described = {
            "name": name,
            "titles": name,
            "dc:title": _literal(titles),
            "dc:description": _literal(description) if description else None,
            "datatype": datatype,
            "required": required,
        }
        if null is not None:
            described["null"] = null
        return {key: value for key, value in described.items() if value is not None}

    return {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "fi"}],
        "@id": urls["metadata"],
        "url": urls["csv"],
        "dc:title": _literal(TITLE),
        "dc:description": _literal(DESCRIPTION),
        "dc:publisher": settings.OPEN_DATA_PUBLISHER,
        "dc:license": {"@id": settings.OPEN_DATA_LICENSE},
        "dc:modified": {"@value": timezone.localdate().isoformat(), "@type": "xsd:date"},
        "dc:source": {"@id": urls["stats"]},
        "dialect": {"delimiter": ",", "encoding": "utf-8", "header": True},
        "tableSchema": {
            "columns": [
                column(
                    "month",
                    _("Month"),
                    _("The calendar month (Finnish time) the counted events happened in."),
                    "gYearMonth",
                ),
                column(
                    "dimension",
                    _("Dimension"),
                    _(
                        "What the row is counted by: total (the whole county), "
                        "stakeholder_group, area, service_area or kind."
                    ),
                    {"base": "string", "format": _enumeration(dimension_codes)},
                ),
                column(
                    "code",
                    _("Code"),
                    _(
                        "The code of the stakeholder group, area, service area or kind, as in "
                        "the site's taxonomy API; empty in a total row."
                    ),
                    {"base": "string", "format": "^[-a-z0-9_]*$"},
                    required=False,
                    null="",
                ),
                *(
                    column(
                        f"label_{language}",
                        _("Name"),
                        _("The name of the value in this language; empty in a total row."),
                        "string",
                        required=False,
                        null="",
                    )
                    for language in LANGUAGES
                ),
                column(
                    "measure",
                    _("Measure"),
                    measures,
                    {
                        "base": "string",
                        "format": _enumeration(measure.code for measure in MEASURES),
                    },
                ),
                column(
                    "count",
                    _("Count"),
                    _(
                        "How many in the month; empty when withheld. A suggestion counts under "
                        "the values it had when the counted event happened; a participant "
                        "counts once a month however often they took part."
                    ),
                    {"base": "integer", "minimum": SMALL_CELL},
                    required=False,
                    null="",
                ),
                column(
                    "withheld",
                    _("Withheld"),
                    _(
                        "true when the count is fewer than five, or is withheld beside a single "
                        "such count so that it cannot be worked out from the total."
                    ),
                    {"base": "boolean", "format": "true|false"},
                ),
            ],
            "primaryKey": ["month", "dimension", "code", "measure"],
        },
    }


EU = "http://publications.europa.eu/resource/authority"


def _literal(text) -> list[dict]:
    return [{"@value": value, "@language": lang} for lang, value in _in_languages(text).items()]


def dcat_catalog() -> dict:
    """A DCAT-AP catalogue of the one dataset and its two distributions, in JSON-LD with its
    context inline (a harvester need not fetch anything else)."""
    urls = _urls()
    publisher = {
        "@id": f"{urls['stats']}#publisher",
        "@type": "foaf:Agent",
        "foaf:name": settings.OPEN_DATA_PUBLISHER,
    }
    license_ = {"@id": settings.OPEN_DATA_LICENSE, "@type": "dct:LicenseDocument"}
    first_month = SuggestionMonth.objects.filter(group_id=ALL_GROUPS).order_by("month").first()
    last = last_month()
    end_of_last = (last + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    temporal = {"@type": "dct:PeriodOfTime", "dcat:endDate": _date(end_of_last)}
    if first_month:
        temporal["dcat:startDate"] = _date(first_month.month)
    dataset = {
        "@id": f"{urls['stats']}#suggestions-by-month",
        "@type": "dcat:Dataset",
        "dct:identifier": f"{urls['stats']}#suggestions-by-month",
        "dct:title": _literal(TITLE),
        "dct:description": _literal(DESCRIPTION),
        "dct:publisher": publisher,
        "dcat:contactPoint": {
            "@type": "vcard:Organization",
            "vcard:fn": settings.OPEN_DATA_PUBLISHER,
            "vcard:hasEmail": {"@id": f"mailto:{settings.OPEN_DATA_CONTACT_EMAIL}"},
        },
        "dcat:theme": [{"@id": f"{EU}/data-theme/HEAL"}, {"@id": f"{EU}/data-theme/GOVE"}],
        "dcat:keyword": [
            *_literal(_("development suggestions")),
            *_literal(_("co-development")),
            *_literal(_("social and health services")),
        ],
        "dct:spatial": {"@id": f"{EU}/country/FIN"},
        "dct:temporal": temporal,
        "dct:accrualPeriodicity": {"@id": f"{EU}/frequency/MONTHLY"},
        "dct:language": [{"@id": f"{EU}/language/{code}"} for code in ("FIN", "SWE", "ENG")],
        "dct:accessRights": {"@id": f"{EU}/access-right/PUBLIC"},
        "dct:modified": _date(timezone.localdate()),
        "dcat:landingPage": {"@id": urls["stats"]},
        "dcat:distribution": [
            {
                "@id": f"{urls['csv']}#distribution",
                "@type": "dcat:Distribution",
                "dct:title": _literal(TITLE),
                "dcat:accessURL": {"@id": urls["csv"]},
                "dcat:downloadURL": {"@id": urls["csv"]},
                "dct:format": {"@id": f"{EU}/file-type/CSV"},
                "dcat:mediaType": {"@id": "https://www.iana.org/assignments/media-types/text/csv"},
                "dct:license": license_,
                "dct:conformsTo": {"@id": urls["metadata"]},
            },
            {
                "@id": f"{urls['metadata']}#distribution",
                "@type": "dcat:Distribution",
                "dct:title": _literal(_("Description of the table's columns (CSV on the Web)")),
                "dcat:accessURL": {"@id": urls["metadata"]},
                "dcat:downloadURL": {"@id": urls["metadata"]},
                "dct:format": {"@id": f"{EU}/file-type/JSON_LD"},
                "dcat:mediaType": {
                    "@id": "https://www.iana.org/assignments/media-types/application/csvm+json"
                },
                "dct:license": license_,
            },
        ],
    }
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": f"{urls['dcat']}#catalog",
        "@type": "dcat:Catalog",
        "dct:title": _literal(_("Open data of the co-development platform")),
        "dct:description": _literal(DESCRIPTION),
        "dct:publisher": publisher,
        "dcat:dataset": [dataset],
        "foaf:homepage": {"@id": urls["stats"]},
        "dct:language": dataset["dct:language"],
        "dct:modified": dataset["dct:modified"],
    }


def _date(day: datetime.date) -> dict:
    return {"@value": day.isoformat(), "@type": "xsd:date"}
