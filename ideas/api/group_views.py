"""The groups API: ``GET /api/v1/groups/`` and ``GET /api/v1/groups/<slug>/queue/``.

Both read suggestions (a group's load, its queue), so they live with the suggestions, as the
groups' pages do (``ideas.views.queue``); ``processing_groups`` describes the groups
themselves. Reads come from ``ideas.selectors.queues``, the same selectors as the pages, so
that the API and the pages never disagree; each runs a fixed number of queries however many
rows there are.

Who: members see their own groups and their queues, coordinators every group. A signed-out
request is 401; a person who may not see a group's queue gets 404, as for a group that does not
exist.
"""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from ideas.api.serializers import PersonSerializer
from ideas.lifecycle import OPEN_STATES, Action, State
from ideas.selectors.queues import all_groups, member_groups, queue, with_load
from popsote.accounts.roles import is_coordinator
from popsote.core.api import PageNumberPagination
from processing_groups.models import HandlerGroup, Membership
from processing_groups.permissions import can_view_queue
from processing_groups.selectors import with_coverage
from processing_groups.serializers import GroupPageSerializer, GroupSerializer

TAG = "groups"
SLUG = OpenApiParameter("slug", str, OpenApiParameter.PATH, description="The group's slug.")


# --- Shapes ---------------------------------------------------------------------------------


class QueueParamsSerializer(serializers.Serializer):
    OPEN = "open"
    ALL = "all"
    ME = "me"
    NOBODY = "none"

    state = serializers.ChoiceField(
        choices=[(OPEN, _("Open")), (ALL, _("All states")), *State.choices],
        required=False,
        allow_blank=True,
        help_text="`open` (the default: received, in processing, information requested), "
        "`all`, or one state.",
    )
    overdue = serializers.BooleanField(
        required=False, default=False, help_text="Only those past their next target."
    )
    assigned = serializers.ChoiceField(
        choices=[(ME, _("Assigned to me")), (NOBODY, _("Assigned to nobody"))],
        required=False,
        allow_blank=True,
        help_text="`me`: assigned to you; `none`: to nobody yet.",
    )
    page = serializers.IntegerField(required=False, min_value=1)

    def filters(self) -> dict:
        """The filters of ``ideas.selectors.queues.queue``."""
        data = self.validated_data
        state = data.get("state") or self.OPEN
        return {
            "state": "" if state == self.OPEN else state,
            "overdue": data["overdue"],
            "mine": data.get("assigned") == self.ME,
        }


class QueueRowSerializer(serializers.Serializer):
    """One suggestion of the queue. The flags compare with the time of the request."""

    reference = serializers.CharField(help_text="Like 2026-000123.")
    title = serializers.CharField()
    state = serializers.ChoiceField(choices=State.choices)
    state_label = serializers.CharField(source="get_state_display")
    kind = serializers.CharField(source="kind.code")
    is_private = serializers.BooleanField()
    created = serializers.DateTimeField(source="created_at")
    assignee = PersonSerializer(allow_null=True)
    first_response = serializers.DateTimeField(source="first_response_at", allow_null=True)
    decided = serializers.DateTimeField(source="decided_at", allow_null=True)
    response_due = serializers.DateTimeField(
        source="response_due_at", allow_null=True, help_text="The first-response target."
    )
    decision_due = serializers.DateTimeField(
        source="decision_due_at", allow_null=True, help_text="The decision target."
    )
    next_due = serializers.DateTimeField(
        source="due_at", allow_null=True, help_text="The next pending target; null when none."
    )
    overdue = serializers.SerializerMethodField(help_text="Past its next pending target.")
    first_response_overdue = serializers.SerializerMethodField(
        help_text="Still open without a first answer, past the first-response target."
    )
    decision_overdue = serializers.SerializerMethodField(
        help_text="Still open without a decision, past the decision target."
    )
    answer_received = serializers.SerializerMethodField(
        help_text="The latest event is the submitter's answer to the group's question."
    )
    url = serializers.SerializerMethodField(help_text="The suggestion's page.")

    def _past(self, moment) -> bool:
        return moment is not None and moment < self.context["now"]

    def get_overdue(self, suggestion) -> bool:
        return self._past(suggestion.due_at)

    def get_first_response_overdue(self, suggestion) -> bool:
        return (
            suggestion.state in OPEN_STATES
            and suggestion.first_response_at is None
            and self._past(suggestion.response_due_at)
        )

    def get_decision_overdue(self, suggestion) -> bool:
        return (
            suggestion.state in OPEN_STATES
            and suggestion.decided_at is None
            and self._past(suggestion.decision_due_at)
        )

    def get_answer_received(self, suggestion) -> bool:
        return getattr(suggestion, "latest_action", None) == Action.ANSWER_INFO

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, suggestion) -> str:
        return self.context["request"].build_absolute_uri(suggestion.get_absolute_url())


class QueuePageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = QueueRowSerializer(many=True)


# --- Views ----------------------------------------------------------------------------------


class GroupPagination(PageNumberPagination):
    page_size = 50


class QueuePagination(PageNumberPagination):
    page_size = 50


class GroupAPIView(APIView):
    # Token first: a signed-out request gets 401 with ``WWW-Authenticate``, not 403.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]


class GroupListView(GroupAPIView):
    @extend_schema(
        tags=[TAG],
        operation_id="groups_list",
        summary="The handler groups you work in (coordinators: every group)",
        description=(
            "Each group with its coverage (taxonomy codes; an empty list means any), its "
            "service-level targets and its open and overdue counts. Retired groups are listed "
            "to coordinators, so that their open work is not forgotten."
        ),
        parameters=[
            OpenApiParameter("page", {"type": "integer", "minimum": 1}, description="Page number.")
        ],
        responses=GroupPageSerializer,
    )
    def get(self, request):
        user, now = request.user, timezone.now()
        if is_coordinator(user):
            groups = all_groups().annotate(
                my_role=Subquery(
                    Membership.objects.filter(group=OuterRef("pk"), user=user).values("role")[:1]
                )
            )
        else:
            groups = member_groups(user)
        paginator = GroupPagination()
        page = paginator.paginate_queryset(with_coverage(groups), request, view=self)
        # Counted for the groups of this page only.
        page = with_load(page, now=now)
        rows = GroupSerializer(page, many=True, context={"request": request})
        return paginator.get_paginated_response(rows.data)


class GroupQueueView(GroupAPIView):
    @extend_schema(
        tags=[TAG],
        operation_id="groups_queue",
        summary="A group's queue, most urgent first",
        description=(
            "The group's members and the coordinators. Ordered by the next pending target "
            "(none last), then the oldest first. 404 for a group you may not see, as for one "
            "that does not exist."
        ),
        parameters=[SLUG, QueueParamsSerializer],
        responses=QueuePageSerializer,
    )
    def get(self, request, slug):
        group = _queue_group(request.user, slug)
        params = QueueParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        now = timezone.now()
        rows = queue(group=group, user=request.user, filters=params.filters(), now=now)
        if params.validated_data.get("assigned") == QueueParamsSerializer.NOBODY:
            rows = rows.filter(assignee=None)
        paginator = QueuePagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        context = {"request": request, "now": now}
        return paginator.get_paginated_response(
            QueueRowSerializer(page, many=True, context=context).data
        )


def _queue_group(user, slug: str) -> HandlerGroup:
    """The group if ``user`` may see its queue; else 404, as for a group that does not exist."""
    group = HandlerGroup.objects.filter(slug=slug).first()
    if group is None or not can_view_queue(user, group):
        raise Http404
    return group
