"""The showroom API, ``/api/v1/showroom/``: the listed solutions, open to anyone, read
through the same selectors as the catalogue (``Listing.objects.listed(today)``), so a listing
whose label is no longer valid is gone from both at once."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from popsote.core.api import PageNumberPagination
from showroom.api.serializers import (
    SolutionDetailSerializer,
    SolutionParamsSerializer,
    SolutionSerializer,
)
from showroom.selectors.catalogue import CatalogueQuery, catalogue

TAG = "showroom"
SLUG = OpenApiParameter(
    "slug", str, OpenApiParameter.PATH, description="The solution's short name in addresses."
)


class ShowroomAPIView(APIView):
    # Public reads: anyone, signed in or not (the schema says so); a token is still read.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [AllowAny]


class SolutionListView(ShowroomAPIView):
    pagination_class = PageNumberPagination

    @extend_schema(
        tags=[TAG],
        operation_id="showroom_solutions_list",
        summary="The solutions listed in the showroom today: each holds a valid label",
        parameters=[SolutionParamsSerializer],
        responses=SolutionSerializer(many=True),
    )
    def get(self, request):
        params = SolutionParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        query = CatalogueQuery(
            search=(data.get("search") or "").strip(),
            audience=data.get("audience") or "",
            category=data.get("category") or "",
            label_level=data.get("label_level") or "",
            language=data.get("language") or "",
            platform=data.get("platform") or "",
            free=bool(data.get("free")),
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(catalogue(query), request, view=self)
        return paginator.get_paginated_response(SolutionSerializer(page, many=True).data)


class SolutionDetailView(ShowroomAPIView):
    @extend_schema(
        tags=[TAG],
        operation_id="showroom_solutions_retrieve",
        summary="One listed solution; 404 when it is not listed today",
        parameters=[SLUG],
        responses=SolutionDetailSerializer,
    )
    def get(self, request, slug):
        listing = catalogue().filter(slug=slug).prefetch_related("published__images").first()
        if listing is None:
            raise Http404
        return Response(SolutionDetailSerializer(listing).data)
