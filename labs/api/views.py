"""The Labs API, ``/api/v1/labs/``: DRF views over the same selectors and services as the
pages.

Each view: access helper → input serializer → service or selector → output serializer. An
application a person may not see (another company's) answers 404 exactly like one that does
not exist.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from labs import permissions, services
from labs.api.serializers import (
    ApplicationCardSerializer,
    ApplicationDetailSerializer,
    ApplicationInputSerializer,
    ApplicationParamsSerializer,
    ApplicationTransitionSerializer,
    EnvironmentParamsSerializer,
    EnvironmentSerializer,
    LabelParamsSerializer,
    LabelSerializer,
)
from labs.models import Company, normalise_business_id
from labs.selectors import applications as application_selectors
from labs.selectors import environments as environment_selectors
from labs.selectors import evaluation as evaluation_selectors
from labs.selectors import labels as label_selectors
from popsote.core.api import PageNumberPagination, RateThrottle
from popsote.core.ratelimit import Rate
from popsote.core.schema import ErrorSerializer

TAG = "labs"
APPLICATION_ID = OpenApiParameter(
    "id", int, OpenApiParameter.PATH, description="The application's number."
)
LABEL_CODE = OpenApiParameter(
    "code", str, OpenApiParameter.PATH, description="The label's public code, like OHL-ABCD-EFGH."
)
# Drafts through the API, each request counted.
API_APPLICATIONS = Rate(limit=20, period=3600)


@contextmanager
def _service_errors() -> Iterator[None]:
    """A service's ``ValidationError`` as the API's 400, under the service's field names."""
    try:
        yield
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            detail = error.message_dict
        else:
            detail = {"non_field_errors": error.messages}
        raise exceptions.ValidationError(detail) from None


def _detail_response(request, application, *, status_code=status.HTTP_200_OK) -> Response:
    user = request.user
    context = {
        "request": request,
        "timeline": list(application_selectors.timeline_for(user, application)),
        "internal": permissions.can_see_internal(user, application),
        "actions": permissions.allowed_actions(user, application),
        "evaluations": (
            evaluation_selectors.submitted_evaluations(application)
            if permissions.can_see_evaluation(user, application)
            else None
        ),
    }
    return Response(
        ApplicationDetailSerializer(application, context=context).data, status=status_code
    )


class LabsAPIView(APIView):
    # Token first, so that a signed-out request to a protected endpoint gets 401 with a
    # ``WWW-Authenticate`` header rather than 403; the browser's session works as before.
    authentication_classes = [TokenAuthentication, SessionAuthentication]


class CreateThrottle(RateThrottle):
    scope = "labs_application_create"
    rate = API_APPLICATIONS


class EnvironmentListView(LabsAPIView):
    pagination_class = PageNumberPagination

    @extend_schema(
        tags=[TAG],
        operation_id="labs_environments_list",
        summary="Test environments: units that can host a test",
        parameters=[EnvironmentParamsSerializer],
        responses=EnvironmentSerializer(many=True),
    )
    def get(self, request):
        params = EnvironmentParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        rows = environment_selectors.environments(**params.validated_data)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(EnvironmentSerializer(page, many=True).data)


class ApplicationListView(LabsAPIView):
    permission_classes = [IsAuthenticated]
    pagination_class = PageNumberPagination

    def get_throttles(self):
        return [CreateThrottle()] if self.request.method == "POST" else []

    @extend_schema(
        tags=[TAG],
        operation_id="labs_applications_list",
        summary="Testing applications: your company's, or all but drafts for labs staff",
        parameters=[ApplicationParamsSerializer],
        responses=ApplicationCardSerializer(many=True),
    )
    def get(self, request):
        params = ApplicationParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        rows = application_selectors.applications_for(
            request.user, state=params.validated_data.get("state") or None
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(
            ApplicationCardSerializer(page, many=True, context={"request": request}).data
        )

    @extend_schema(
        tags=[TAG],
        operation_id="labs_applications_create",
        summary="Start a testing application (a draft) for your company",
        description=(
            "A representative of a registered company; any of the answers may be given now "
            "and the rest later. Submit it with the `submit` move."
        ),
        request=ApplicationInputSerializer,
        responses={201: ApplicationDetailSerializer},
    )
    def post(self, request):
        company_id = permissions.company_id_of(request.user)
        if company_id is None:
            raise exceptions.PermissionDenied(
                _("Register your company, or accept a colleague's invitation, to apply.")
            )
        form = ApplicationInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        company = Company.objects.get(pk=company_id)
        data = dict(form.validated_data)
        with _service_errors():
            application = services.application_create(
                actor=request.user, company=company, call=data.pop("call", None)
            )
            if data:
                services.application_save(actor=request.user, application=application, data=data)
        application = application_selectors.application_for(request.user, application.pk)
        location = reverse("api:labs-application-detail", kwargs={"id": application.pk})
        response = _detail_response(request, application, status_code=status.HTTP_201_CREATED)
        response["Location"] = request.build_absolute_uri(location)
        return response


class ApplicationDetailView(LabsAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=[TAG],
        operation_id="labs_applications_retrieve",
        summary="One testing application with its timeline",
        parameters=[APPLICATION_ID],
        responses=ApplicationDetailSerializer,
    )
    def get(self, request, id):
        return _detail_response(request, application_selectors.application_for(request.user, id))


class TransitionsView(LabsAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=[TAG],
        operation_id="labs_applications_transitions_create",
        summary="Move a testing application along its lifecycle",
        description=(
            "The company's representatives: `submit`, `withdraw` and `reply`; the labs staff "
            "every other move. `reject` and `no_label` need the public reason in `message`, "
            "`reply` the answer; `grant_label` a `level`. 400 names the missing or invalid "
            "fields (unanswered questions at `submit`); 409 for a move the state does not "
            "allow, for a decision while the company's right of reply is open, or when "
            "`expected_state` is no longer the state: nothing changes. 403 for a person "
            "without the right; 404 when they may not even see the application."
        ),
        parameters=[APPLICATION_ID],
        request=ApplicationTransitionSerializer,
        responses={
            200: ApplicationDetailSerializer,
            409: OpenApiResponse(
                ErrorSerializer, description="The state does not allow the move, or changed."
            ),
        },
    )
    def post(self, request, id):
        # The application first: one a person may not see is 404 whatever the body says.
        application = application_selectors.application_for(request.user, id)
        form = ApplicationTransitionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        arguments = form.service_arguments()
        try:
            with _service_errors():
                services.application_transition(
                    actor=request.user, application=application, **arguments
                )
        except PermissionDenied:
            refusal = permissions.transition_refusal(request.user, application, arguments["action"])
            raise exceptions.PermissionDenied(refusal.message if refusal else None) from None
        moved = application_selectors.application_for(request.user, id)
        return _detail_response(request, moved)


class LabelListView(LabsAPIView):
    pagination_class = PageNumberPagination

    @extend_schema(
        tags=[TAG],
        operation_id="labs_labels_list",
        summary="The label register: every label, expired, withdrawn and superseded included",
        parameters=[LabelParamsSerializer],
        responses=LabelSerializer(many=True),
    )
    def get(self, request):
        params = LabelParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        company = (params.validated_data.get("company") or "").strip() or None
        if company:
            try:
                company = normalise_business_id(company)
            except DjangoValidationError:
                raise exceptions.ValidationError(
                    {"company": [_("Give the company's business ID, like 1234567-8.")]}
                ) from None
        rows = label_selectors.label_register(
            status=params.validated_data.get("status") or None,
            level=params.validated_data.get("level") or None,
            company=company,
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(LabelSerializer(page, many=True).data)


class LabelDetailView(LabsAPIView):
    @extend_schema(
        tags=[TAG],
        operation_id="labs_labels_retrieve",
        summary="Verify a label: is it valid today, for which product and version",
        parameters=[LABEL_CODE],
        responses=LabelSerializer,
    )
    def get(self, request, code):
        return Response(LabelSerializer(label_selectors.label_for_code(code)).data)
