"""The open-data set's descriptions: CSV-on-the-Web metadata for every column of its table
(``opendata``), and a DCAT-AP catalogue of the dataset and its files for a national open-data
portal to harvest. Both name everything in Finnish, Swedish and English."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from popsote.core.site import absolute_url
from popsote.metrics.models import CountyMonth
from popsote.metrics.opendata import DIMENSIONS, LANGUAGES, MEASURES, TOTAL, last_month
from popsote.metrics.registry import METRICS, SMALL_CELL


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
    first_month = CountyMonth.objects.order_by("month").first()
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
