"""The audit list: every source's rows merged newest first, one page at a time.

A page is read by keyset, not by offset: the cursor is the last row's (time, kind, id), each
source gives at most a page of rows after it, newest first, through its time index, and one
UNION ALL query picks the page among them. Then one query per source that has rows on the page
loads them with what they point to, and one more the people named in group events. So a page
costs the same number of queries however many rows the trail holds.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import CharField, F, Q, Value
from django.utils import timezone

from popsote.audit.sources import BY_KIND, SOURCES, Row, Source, describe

PAGE_SIZE = 50
KINDS = [source.kind for source in SOURCES]


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: after (older than) this row."""

    at: datetime.datetime
    kind: str
    pk: int

    def encode(self) -> str:
        return f"{self.at.isoformat()}~{self.kind}~{self.pk}"

    @classmethod
    def decode(cls, value: str) -> Cursor | None:
        try:
            at, kind, pk = value.split("~")
            moment = datetime.datetime.fromisoformat(at)
            if kind not in BY_KIND or timezone.is_naive(moment):
                return None
            return cls(at=moment, kind=kind, pk=int(pk))
        except ValueError:
            return None


@dataclass(frozen=True)
class Filters:
    kinds: tuple[str, ...] = ()
    ref: str = ""
    actor: str = ""
    action: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None


@dataclass
class Page:
    rows: list[Row] = field(default_factory=list)
    next: Cursor | None = None


def _day(date: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time.min))


def _after(source: Source, cursor: Cursor) -> Q:
    """The rows of ``source`` older than ``cursor`` in the order (time, kind, id), newest first."""
    time = source.time
    if source.kind < cursor.kind:
        return Q(**{f"{time}__lte": cursor.at})
    if source.kind > cursor.kind:
        return Q(**{f"{time}__lt": cursor.at})
    return Q(**{f"{time}__lt": cursor.at}) | Q(**{time: cursor.at, "pk__lt": cursor.pk})


def _branch(source: Source, filters: Filters, cursor: Cursor | None, limit: int):
    """The newest ``limit`` rows of ``source`` that pass the filters, as (kind, id, time); None
    when the filters leave none of its rows."""
    conditions = Q()
    if filters.ref:
        by_ref = source.ref(filters.ref)
        if by_ref is None:
            return None
        conditions &= by_ref
    if filters.actor:
        email, name = source.actor
        conditions &= Q(**{f"{email}__icontains": filters.actor}) | Q(
            **{f"{name}__icontains": filters.actor}
        )
    if filters.action:
        if filters.action not in source.actions:
            return None
        conditions &= source.action_q(filters.action)
    if filters.start:
        conditions &= Q(**{f"{source.time}__gte": _day(filters.start)})
    if filters.end:
        conditions &= Q(**{f"{source.time}__lt": _day(filters.end + datetime.timedelta(days=1))})
    if cursor is not None:
        conditions &= _after(source, cursor)
    return (
        source.model.objects.filter(conditions)
        .order_by(f"-{source.time}", "-pk")
        .annotate(
            audit_kind=Value(source.kind, output_field=CharField()),
            audit_pk=F("pk"),
            audit_at=F(source.time),
        )
        .values_list("audit_kind", "audit_pk", "audit_at")[:limit]
    )


def audit_page(filters: Filters, *, cursor: Cursor | None = None, size: int = PAGE_SIZE) -> Page:
    sources = [BY_KIND[kind] for kind in (filters.kinds or KINDS)]
    branches = [b for s in sources if (b := _branch(s, filters, cursor, size + 1)) is not None]
    if not branches:
        return Page()
    first, *others = branches
    if others:
        merged = first.union(*others, all=True)
        first = merged.order_by("-audit_at", "-audit_kind", "-audit_pk")[: size + 1]
    keys = list(first)  # one source alone is already in its order
    more, keys = len(keys) > size, keys[:size]
    events = _load(keys)
    rows = [describe(BY_KIND[kind], events[kind, pk], events["people"]) for kind, pk, _at in keys]
    last = keys[-1] if keys else None
    return Page(rows=rows, next=Cursor(at=last[2], kind=last[0], pk=last[1]) if more else None)


def _load(keys) -> dict:
    """The page's rows by (kind, id), each with what it points to, plus ``"people"``: the
    accounts that group events name, by id."""
    wanted: dict[str, list[int]] = {}
    for kind, pk, _at in keys:
        wanted.setdefault(kind, []).append(pk)
    loaded: dict = {}
    named: set[int] = set()
    for kind, pks in wanted.items():
        source = BY_KIND[kind]
        for pk, event in source.model.objects.select_related(*source.related).in_bulk(pks).items():
            loaded[kind, pk] = event
            if kind == "group" and isinstance(event.data.get("person"), int):
                named.add(event.data["person"])
    loaded["people"] = get_user_model().objects.in_bulk(named) if named else {}
    return loaded
