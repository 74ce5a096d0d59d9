"""The suggestions API, ``/api/v1/suggestions/``: DRF views over the same selectors and
services as the pages.

Each view: access helper → input serializer → service or selector → output serializer. A
suggestion a person may not see answers 404 exactly like one that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from ideas import permissions, ratelimits
from ideas.api.inputs import (
    BoardParamsSerializer,
    CommentInputSerializer,
    SimilarParamsSerializer,
    SuggestionSubmitSerializer,
    TransitionInputSerializer,
)
from ideas.api.serializers import (
    CommentSerializer,
    EventSerializer,
    SimilarPageSerializer,
    SimilarSuggestionSerializer,
    SubmittedSerializer,
    SuggestionCardSerializer,
    SuggestionDetailSerializer,
    SuggestionPageSerializer,
    SupportStateSerializer,
)
from ideas.converters import ReferenceConverter
from ideas.models import Suggestion, token_hash
from ideas.selectors.board import board
from ideas.selectors.impact import impact_for, public_impact
from ideas.selectors.similar import similar
from ideas.selectors.suggestion import timeline_for
from ideas.services.community import comment_create, suggestion_support, suggestion_unsupport
from ideas.services.submission import suggestion_submit
from ideas.services.transitions import suggestion_transition
from popsote.core.api import PageNumberPagination, RateThrottle
from popsote.core.schema import ErrorSerializer
from popsote.core.site import absolute_url

TAG = "suggestions"
REFERENCE = OpenApiParameter(
    "reference",
    str,
    OpenApiParameter.PATH,
    description="The suggestion's reference, like 2026-000123.",
    pattern=f"^{ReferenceConverter.regex}$",
)


# --- Access helpers -------------------------------------------------------------------------


def _suggestion_for(request, reference: str, *, tracking_token: str | None = None) -> Suggestion:
    """The suggestion if this person may see it (or holds its tracking token), else 404."""
    queryset = Suggestion.objects.visible_to(request.user)
    if tracking_token:
        queryset = queryset | Suggestion.objects.filter(
            tracking_token_hash=token_hash(tracking_token)
        )
    return get_object_or_404(_detail_queryset(queryset), reference=reference)


def _detail_queryset(queryset):
    return queryset.for_cards().select_related(
        "submitter", "merged_into", "not_advanced_reason", "assignee", "impact_assessment"
    )


def _tracking_token(request) -> str | None:
    """A signed-out author's token from the body, when it is a plain string."""
    token = request.data.get("tracking_token") if hasattr(request.data, "get") else None
    if not isinstance(token, str):
        return None
    return token.strip() or None


@contextmanager
def _service_errors(*, rename: dict[str, str] | None = None) -> Iterator[None]:
    """A service's ``ValidationError`` as the API's 400, named by the API's own field names."""
    try:
        yield
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            rename = rename or {}
            detail = {
                rename.get(name, name): messages for name, messages in error.message_dict.items()
            }
        else:
            detail = {"non_field_errors": error.messages}
        raise exceptions.ValidationError(detail) from None


def _forbidden(refusal: permissions.Refusal | None) -> exceptions.PermissionDenied:
    """403 with why not, in the same words as the page."""
    return exceptions.PermissionDenied(refusal.message if refusal else None)


def _detail_response(request, suggestion: Suggestion) -> Response:
    context = {
        "request": request,
        "timeline": list(timeline_for(request.user, suggestion)),
        "internal": permissions.can_see_internal(request.user, suggestion),
        "impact": public_impact(impact_for(request.user, suggestion)),
    }
    return Response(SuggestionDetailSerializer(suggestion, context=context).data)


def _page_url(request, cursor: str | None) -> str | None:
    if not cursor:
        return None
    return replace_query_param(request.build_absolute_uri(), "cursor", cursor)


class SuggestionAPIView(APIView):
    # Token first, so that a signed-out request to a protected endpoint gets 401 with a
    # ``WWW-Authenticate`` header rather than 403; the browser's session works as before.
    authentication_classes = [TokenAuthentication, SessionAuthentication]


class SubmitThrottle(RateThrottle):
    """Every submission through the API counts, refused ones too: a flood of bad requests is
    still a flood."""

    scope = "suggestion_submit"
    rate = ratelimits.API_SUGGESTIONS


class TimelinePagination(PageNumberPagination):
    page_size = 100


class CommentPagination(PageNumberPagination):
    page_size = 50


# --- Views ----------------------------------------------------------------------------------


class SuggestionListView(SuggestionAPIView):
    def get_throttles(self):
        # Reading is free; submitting is limited per person (or address when signed out).
        return [SubmitThrottle()] if self.request.method == "POST" else []

    @extend_schema(
        tags=[TAG],
        operation_id="suggestions_list",
        summary="Public suggestions",
        parameters=[BoardParamsSerializer],
        responses=SuggestionPageSerializer,
    )
    def get(self, request):
        params = BoardParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        page = board(user=request.user, query=params.board_query())
        rows = SuggestionCardSerializer(page.rows, many=True, context={"request": request})
        return Response(
            {
                "count": page.count,
                "count_capped": page.count_capped,
                "next": _page_url(request, page.next_cursor),
                "previous": _page_url(request, page.previous_cursor),
                "results": rows.data,
            }
        )

    @extend_schema(
        tags=[TAG],
        operation_id="suggestions_create",
        summary="Submit a suggestion (signed in or out)",
        request=SuggestionSubmitSerializer,
        responses={201: SubmittedSerializer},
    )
    def post(self, request):
        form = SuggestionSubmitSerializer(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        with _service_errors(rename={"beneficiaries": "benefit", "themes": "theme"}):
            submitted = suggestion_submit(actor=request.user, **form.service_arguments())
        suggestion, token = submitted.suggestion, submitted.tracking_token
        tracking_url = reverse("ideas:track", kwargs={"token": token}) if token else None
        body = {
            "reference": suggestion.reference,
            "state": suggestion.state,
            "url": request.build_absolute_uri(suggestion.get_absolute_url()),
            "tracking_token": token,
            # The private link to keep, as the tracking mail gives it: on the site's address.
            "tracking_url": absolute_url(tracking_url) if token else None,
        }
        location = reverse("api:suggestion-detail", kwargs={"reference": suggestion.reference})
        return Response(
            SubmittedSerializer(body).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": request.build_absolute_uri(location)},
        )


class SuggestionDetailView(SuggestionAPIView):
    @extend_schema(
        tags=[TAG],
        operation_id="suggestions_retrieve",
        summary="One suggestion with its timeline",
        parameters=[REFERENCE],
        responses=SuggestionDetailSerializer,
    )
    def get(self, request, reference):
        return _detail_response(request, _suggestion_for(request, reference))


class SimilarView(SuggestionAPIView):
    @extend_schema(
        tags=[TAG],
        operation_id="suggestions_similar",
        summary="Up to five public suggestions most like a text",
        parameters=[SimilarParamsSerializer],
        responses=SimilarPageSerializer,
    )
    def get(self, request):
        params = SimilarParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        rows = similar(**params.validated_data, user=request.user)
        results = SimilarSuggestionSerializer(rows, many=True, context={"request": request})
        return Response(
            {"count": len(rows), "next": None, "previous": None, "results": results.data}
        )


class SupportView(SuggestionAPIView):
    """Idempotent: both methods answer 200 with whether you now support it and the count."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=[TAG],
        operation_id="suggestions_support",
        summary="Support a suggestion (idempotent)",
        parameters=[REFERENCE],
        request=None,
        responses=SupportStateSerializer,
    )
    def post(self, request, reference):
        suggestion = _suggestion_for(request, reference)
        try:
            suggestion_support(actor=request.user, suggestion=suggestion)
        except PermissionDenied:
            raise _forbidden(permissions.support_refusal(request.user, suggestion)) from None
        return self._state(suggestion, supported=True)

    @extend_schema(
        tags=[TAG],
        operation_id="suggestions_unsupport",
        summary="Withdraw your support (idempotent)",
        parameters=[REFERENCE],
        request=None,
        responses={200: SupportStateSerializer},
    )
    def delete(self, request, reference):
        suggestion = _suggestion_for(request, reference)
        suggestion_unsupport(actor=request.user, suggestion=suggestion)
        return self._state(suggestion, supported=False)

    def _state(self, suggestion: Suggestion, *, supported: bool) -> Response:
        supports = Suggestion.objects.values_list("support_count", flat=True).get(pk=suggestion.pk)
        return Response(SupportStateSerializer({"supported": supported, "supports": supports}).data)


class CommentsView(SuggestionAPIView):
    permission_classes = [IsAuthenticatedOrReadOnly]
    pagination_class = CommentPagination

    @extend_schema(
        tags=[TAG],
        operation_id="suggestions_comments_list",
        summary="The public discussion, oldest first",
        parameters=[REFERENCE],
        responses=CommentSerializer(many=True),
    )
    def get(self, request, reference):
        suggestion = _suggestion_for(request, reference)
        comments = suggestion.comments.visible().select_related(
            "author__stakeholder_group", "stakeholder_group"
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(comments, request, view=self)
        return paginator.get_paginated_response(CommentSerializer(page, many=True).data)

    @extend_schema(
        tags=[TAG],
        operation_id="suggestions_comments_create",
        summary="Comment (signed in)",
        parameters=[REFERENCE],
        request=CommentInputSerializer,
        responses={201: CommentSerializer},
    )
    def post(self, request, reference):
        suggestion = _suggestion_for(request, reference)
        form = CommentInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        # The pages' limit, counted under the same key: one allowance for both ways in.
        limit = ratelimits.comment(request.user)
        if not limit.allowed:
            raise exceptions.Throttled(wait=limit.retry_after)
        try:
            with _service_errors():
                comment = comment_create(
                    actor=request.user, suggestion=suggestion, body=form.validated_data["body"]
                )
        except PermissionDenied:
            raise _forbidden(permissions.comment_refusal(request.user, suggestion)) from None
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class EventsView(SuggestionAPIView):
    pagination_class = TimelinePagination

    @extend_schema(
        tags=[TAG],
        operation_id="suggestions_events_list",
        summary="The timeline; internal notes only for the group and coordinators",
        parameters=[REFERENCE],
        responses=EventSerializer(many=True),
    )
    def get(self, request, reference):
        suggestion = _suggestion_for(request, reference)
        context = {"internal": permissions.can_see_internal(request.user, suggestion)}
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            timeline_for(request.user, suggestion), request, view=self
        )
        return paginator.get_paginated_response(
            EventSerializer(page, many=True, context=context).data
        )


class TransitionsView(SuggestionAPIView):
    @extend_schema(
        tags=[TAG],
        operation_id="suggestions_transitions_create",
        summary="Move a suggestion along its lifecycle",
        description=(
            "Handlers (members of the suggestion's group) and coordinators; the author for "
            "`withdraw` and `answer_info` (signed in, or with `tracking_token`). What each "
            "action needs: `route` and `transfer` a `group` (transfer also a reason in "
            "`message` or `note`); `request_info`, `answer_info` and every decision a public "
            "`message`; `not_advance` a `reason` code; `merge` a `target` reference; "
            "`existing_solution` a `link`. 400 names the missing or invalid fields; 409 for a "
            "move the state does not allow, or when `expected_state` is no longer the state "
            "(someone else acted first): nothing changes. 403 for a person without the right; "
            "404 when they may not even see the suggestion."
        ),
        parameters=[REFERENCE],
        request=TransitionInputSerializer,
        responses={
            200: SuggestionDetailSerializer,
            409: OpenApiResponse(
                ErrorSerializer, description="The state does not allow the move, or changed."
            ),
        },
    )
    def post(self, request, reference):
        # The suggestion first: one a person may not see is 404 whatever the body says.
        token = _tracking_token(request)
        suggestion = _suggestion_for(request, reference, tracking_token=token)
        form = TransitionInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        with _service_errors():
            suggestion_transition(
                actor=request.user, suggestion=suggestion, **form.service_arguments()
            )
        # Read again by its key, not through what the person may see: a member who transferred
        # a private suggestion to another group no longer sees it, yet the move was theirs and
        # succeeded. They get what anyone outside the group would (no internal fields).
        moved = _detail_queryset(Suggestion.objects.all()).get(pk=suggestion.pk)
        return _detail_response(request, moved)
