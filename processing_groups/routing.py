"""Which handler group gets a new suggestion.

A group covers areas, service areas, kinds and stakeholder groups; an empty dimension means
"any". A group matches a suggestion when every dimension it lists holds the suggestion's
value, and the most specific match wins: the one that lists the most dimensions. A group
whose areas include "whole county" covers every area (a region-wide group). No match, or two
equally specific matches, leaves the choice to the coordinators' triage. Feedback on
co-development itself (``routes_to_coordinators``) always goes to triage.

Routing reads every active group with its coverage in five queries and decides in Python,
where the rule is easy to read and test. The read is what grows with the groups: with the
1 000 of county scale, building them and their coverage took about a second per submission on
a busy two-core machine, the decision itself 50 ms. Whoever routes many suggestions at once
reads the groups once and passes them in (``group_for(facts, groups=...)``, as the demo does).
"""

from __future__ import annotations

from dataclasses import dataclass

from processing_groups.models import HandlerGroup

DIMENSIONS = ("areas", "service_areas", "kinds", "stakeholder_groups")


@dataclass(frozen=True)
class RoutingFacts:
    """The facts routing reads of a suggestion (ids of its taxonomy terms)."""

    area_id: int
    service_area_id: int
    kind_id: int
    stakeholder_group_id: int
    kind_routes_to_coordinators: bool = False

    @classmethod
    def of(cls, suggestion) -> RoutingFacts:
        return cls(
            area_id=suggestion.area_id,
            service_area_id=suggestion.service_area_id,
            kind_id=suggestion.kind_id,
            stakeholder_group_id=suggestion.stakeholder_group_id,
            kind_routes_to_coordinators=suggestion.kind.routes_to_coordinators,
        )

    def value(self, dimension: str) -> int:
        return {
            "areas": self.area_id,
            "service_areas": self.service_area_id,
            "kinds": self.kind_id,
            "stakeholder_groups": self.stakeholder_group_id,
        }[dimension]


def specificity(group: HandlerGroup, facts: RoutingFacts) -> int | None:
    """How many dimensions ``group`` lists that hold the value in ``facts``, or None when one it
    lists does not. An area list holding "whole county" matches every area and, like an empty
    list, does not add to the specificity.

    Reads the prefetched coverage (``routing_candidates``), never new queries.
    """
    listed = 0
    for dimension in DIMENSIONS:
        terms = list(getattr(group, dimension).all())
        if not terms:
            continue
        if dimension == "areas" and any(term.covers_whole_county for term in terms):
            continue
        if facts.value(dimension) not in {term.pk for term in terms}:
            return None
        listed += 1
    return listed


def routing_candidates():
    return HandlerGroup.objects.active().prefetch_related(*DIMENSIONS)


def group_for(facts: RoutingFacts, groups=None) -> HandlerGroup | None:
    """The one most specific active group for ``facts``; None sends it to triage."""
    if facts.kind_routes_to_coordinators:
        return None
    scored = []
    for group in groups if groups is not None else routing_candidates():
        score = specificity(group, facts)
        if score is not None:
            scored.append((score, group))
    if not scored:
        return None
    scored.sort(key=lambda pair: pair[0], reverse=True)
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return None
    return scored[0][1]
