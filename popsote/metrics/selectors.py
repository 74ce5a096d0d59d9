"""The dashboard's reads: the filters a person chose (``Filters``), what they may choose
(``Choices``) and the figures (``dashboard``), in a fixed number of queries whatever the number
of rows, months or groups (see ``queries``). The figures themselves are built in ``building``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ideas.lifecycle import State as SuggestionState
from ideas.models import ImpactAssessment, Suggestion
from labs.lifecycle import State as ApplicationState
from popsote.metrics import building, other_reads, queries
from popsote.metrics.permissions import EVERY_GROUP, dashboard_groups
from popsote.metrics.registry import METRICS
from popsote.metrics.withholding import public_figure
from popsote.taxonomy.models import Area, ServiceArea, StakeholderGroup, SuggestionKind
from processing_groups.models import HandlerGroup

# The longest period one may choose, in months: ten years.
MAX_MONTHS = 120
DEFAULT_MONTHS = 13  # the last twelve full months and the current one
# What the comparison's box sends when ticked (a form) or a program writes (the API).
YES = ("on", "1", "true", "yes")
NO = ("", "off", "0", "false", "no")


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(month: datetime.date, months: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def months_between(start: datetime.date, end: datetime.date) -> int:
    """How many months ``start``–``end`` covers, both included."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


@dataclass(frozen=True)
class Choices:
    """What the filters offer ``user``, and every term's label for the figures: read once per
    request (five queries)."""

    areas: dict[str, tuple[int, str]]  # code → (id, label)
    stakeholder_groups: dict[str, tuple[int, str]]
    service_areas: dict[int, str]  # id → label
    kinds: dict[int, str]
    groups: dict[str, tuple[int, str]]  # slug → (id, name), those the person may choose
    every_group: bool
    codes: dict[str, dict[int, str]]  # the rollup's column → {id: code}, beyond the two above

    def code_of(self, column: str, pk: int) -> str:
        """The code of term ``pk`` of the rollup's ``column`` (``area_id``, ``kind_id``, …)."""
        if column == "area_id":
            return next(code for code, (found, _label) in self.areas.items() if found == pk)
        if column == "stakeholder_group_id":
            return next(
                code for code, (found, _label) in self.stakeholder_groups.items() if found == pk
            )
        return self.codes[column][pk]

    @classmethod
    def public(cls) -> Choices:
        """The public's: every term, and no handler group to choose (the public figures are
        the county's)."""
        return cls(**_terms(), groups={}, every_group=True)

    @classmethod
    def for_user(cls, user) -> Choices:
        allowed = dashboard_groups(user)
        groups = HandlerGroup.objects.order_by("name")
        if allowed is not EVERY_GROUP:
            groups = groups.filter(pk__in=sorted(allowed))
        return cls(
            **_terms(),
            groups={g.slug: (g.pk, g.name) for g in groups.only("pk", "slug", "name")},
            every_group=allowed is EVERY_GROUP,
        )


def _terms() -> dict:
    """Every term the figures name, in four queries."""
    service_areas, kinds = list(ServiceArea.objects.all()), list(SuggestionKind.objects.all())
    return {
        "areas": {a.code: (a.pk, a.label) for a in Area.objects.all()},
        "stakeholder_groups": {s.code: (s.pk, s.label) for s in StakeholderGroup.objects.all()},
        "service_areas": {s.pk: s.label for s in service_areas},
        "kinds": {k.pk: k.label for k in kinds},
        "codes": {
            "service_area_id": {s.pk: s.code for s in service_areas},
            "kind_id": {k.pk: k.code for k in kinds},
        },
    }


@dataclass(frozen=True)
class Filters:
    """The period (``start`` and ``end`` are first days of months, both included), the area,
    group and stakeholder group (codes; empty for all) and whether to compare with the previous
    period. ``errors`` names each parameter that was refused (its default kept instead)."""

    start: datetime.date
    end: datetime.date
    area: str = ""
    group: str = ""
    stakeholder_group: str = ""
    compare: bool = False
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def default(cls, today: datetime.date | None = None) -> Filters:
        end = month_start(today or timezone.localdate())
        return cls(start=add_months(end, 1 - DEFAULT_MONTHS), end=end)

    @classmethod
    def from_params(cls, params, *, choices: Choices | None = None, today=None) -> Filters:
        """The filters of a query string: each value that is not valid is named in ``errors``
        with what to do, and its default is used."""
        default = cls.default(today)
        errors: dict[str, str] = {}
        start = _month(params.get("start", ""), default.start, "start", errors)
        end = _month(params.get("end", ""), default.end, "end", errors)
        if start > end:
            errors["start"] = _("The period must start before it ends.")
            start, end = default.start, default.end
        elif months_between(start, end) > MAX_MONTHS:
            errors["start"] = _("Choose a period of at most ten years.")
            start, end = default.start, default.end
        values = {}
        for name, offered in (
            ("area", choices.areas if choices else None),
            ("group", choices.groups if choices else None),
            ("stakeholder_group", choices.stakeholder_groups if choices else None),
        ):
            value = (params.get(name) or "").strip()
            if value and offered is not None and value not in offered:
                errors[name] = (
                    _("You can see the figures of your own groups only: choose one of them.")
                    if name == "group" and not choices.every_group
                    else _("Choose one of the list.")
                )
                value = ""
            values[name] = value
        compare = (params.get("compare") or "").strip().lower()
        if compare not in YES + NO:
            errors["compare"] = _("Say whether to compare: on or off.")
        compare = compare in YES
        return cls(start=start, end=end, compare=compare, errors=errors, **values)

    @property
    def months(self) -> int:
        return months_between(self.start, self.end)

    def previous(self) -> Filters:
        """The same filters for the period of the same length just before."""
        end = add_months(self.start, -1)
        return replace(self, start=add_months(end, 1 - self.months), end=end, errors={})


def _month(value: str, default: datetime.date, name: str, errors: dict) -> datetime.date:
    value = (value or "").strip()
    if not value:
        return default
    try:
        parsed = datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        errors[name] = _("Give a month as year and month, for example 2026-03.")
        return default
    if parsed.year < 2000:
        errors[name] = _("Give a month as year and month, for example 2026-03.")
        return default
    return parsed


def scope_of(filters: Filters, *, user, choices: Choices) -> queries.Scope:
    """The rows the figures read: a chosen group's, else the person's own groups', else (a
    coordinator) the whole county's."""
    allowed = dashboard_groups(user)
    if filters.group and filters.group in choices.groups:
        groups = (choices.groups[filters.group][0],)
    elif allowed is EVERY_GROUP:
        groups = None
    else:
        groups = tuple(sorted(allowed))
    area = choices.areas.get(filters.area, (None,))[0]
    stakeholder = choices.stakeholder_groups.get(filters.stakeholder_group, (None,))[0]
    return queries.Scope(groups=groups, area=area, stakeholder_group=stakeholder)


def _bounds(filters: Filters) -> dict[str, tuple[datetime.datetime, datetime.datetime]]:
    """The moments each period covers, for the tables counted directly."""

    def moment(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))

    periods = {"current": filters}
    if filters.compare:
        periods["previous"] = filters.previous()
    return {
        name: (moment(period.start), moment(add_months(period.end, 1)))
        for name, period in periods.items()
    }


def dashboard(filters: Filters, *, user, choices: Choices | None = None, now=None) -> list:
    """Every figure the person may see for ``filters``, in the registry's order."""
    choices = choices or Choices.for_user(user)
    return figures_of(
        filters, scope=scope_of(filters, user=user, choices=choices), choices=choices, now=now
    )


def public_statistics(filters: Filters, *, choices: Choices | None = None, now=None) -> list:
    """The figures of the public page and API: the whole county's, of the public metrics only,
    each withheld where it would show fewer than ``SMALL_CELL`` (``withholding``)."""
    choices = choices or Choices.public()
    scope = queries.Scope(
        groups=None,
        area=choices.areas.get(filters.area, (None,))[0],
        stakeholder_group=choices.stakeholder_groups.get(filters.stakeholder_group, (None,))[0],
    )
    return [
        public_figure(figure)
        for figure in figures_of(filters, scope=scope, choices=choices, now=now, public=True)
        if METRICS[figure.code].public
    ]


def figures_of(
    filters: Filters, *, scope: queries.Scope, choices: Choices, now=None, public: bool = False
) -> list:
    """The figures of ``scope``; ``public``: only what the public page shows needs reading
    (the county's durations, no overdue list)."""
    with transaction.atomic(), connection.cursor() as cursor:
        # The histograms and the distinct participants of a long period are sorted and hashed
        # in memory rather than on disk; for these reads only.
        cursor.execute("SET LOCAL work_mem = %s", [settings.METRICS_WORK_MEM])
        return _figures(filters, scope=scope, choices=choices, now=now, public=public)


def _figures(filters, *, scope, choices, now, public) -> list:
    now = now or timezone.now()
    previous = filters.previous() if filters.compare else None
    months = queries.Months(
        start=filters.start,
        end=filters.end,
        previous_start=previous.start if previous else None,
        previous_end=previous.end if previous else None,
    )
    bounds = _bounds(filters)
    data = building.Data(
        scope=scope,
        compare=filters.compare,
        choices=choices,
        counts=queries.suggestion_counts(scope, months),
        states=queries.states_at_end(scope, months),
        durations=queries.durations(scope, months, every_group=not public),
        participants=queries.participants(scope, months),
        overdue={} if public else queries.overdue_now(scope, now),
        impact=other_reads.impact_assessments(scope, bounds, now),
    )
    if scope.county:
        # Labs and the showroom are the county's, not a handler group's.
        days = {
            name: (start.date(), (end - datetime.timedelta(days=1)).date())
            for name, (start, end) in bounds.items()
        }
        data.labs = other_reads.labs_applications(bounds)
        data.labels = other_reads.labels(days)
        data.showroom = other_reads.showroom(bounds, timezone.localdate(now))
    data.group_names = building.group_names(data)
    months_of_period = [add_months(filters.start, index) for index in range(filters.months)]
    return building.figures(
        data, application_states=dict(ApplicationState.choices), months=months_of_period
    )


def deployed_solutions(*, filters: Filters, choices: Choices, limit: int = 20):
    """The latest public suggestions deployed, in the area and stakeholder group chosen, as
    their impact assessments (opened at deployment), each with its suggestion: what came of
    the suggestions, for the public page. One query, newest first along the assessments'
    opening index, whatever the number; and whether there are more than ``limit``."""
    rows = (
        ImpactAssessment.objects.filter(
            suggestion__state=SuggestionState.DEPLOYED,
            suggestion__is_private=False,
            suggestion__is_hidden=False,
        )
        .select_related("suggestion__group")
        .only(
            "opened_at",
            "completed_at",
            "summary",
            "suggestion__reference",
            "suggestion__title",
            "suggestion__group__name",
        )
        .order_by("-opened_at", "-pk")
    )
    if filters.area:
        rows = rows.filter(suggestion__area_id=choices.areas[filters.area][0])
    if filters.stakeholder_group:
        group = choices.stakeholder_groups[filters.stakeholder_group][0]
        rows = rows.filter(suggestion__stakeholder_group_id=group)
    found = list(rows[: limit + 1])
    return found[:limit], len(found) > limit


def dashboard_suggestions(filters: Filters, *, user, choices: Choices):
    """The suggestions behind the dashboard's figures, for its list export: those submitted in
    the period that the person may see, of the chosen (or their own) groups, area and
    stakeholder group. In reference order, which the primary key's index streams at once."""
    scope = scope_of(filters, user=user, choices=choices)
    start, end = _bounds(filters)["current"]
    rows = Suggestion.objects.visible_to(user).filter(created_at__gte=start, created_at__lt=end)
    return scope.narrow(rows).order_by("pk")
