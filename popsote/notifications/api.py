"""The notifications API of API.md: a signed-in person's own in-site notifications.

``GET /api/v1/notifications/`` lists them newest first with the ``unread`` count;
``POST /api/v1/notifications/<id>/read/`` marks one read. Someone else's notification answers
404, exactly like one that does not exist.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from popsote.core.api import PageNumberPagination
from popsote.notifications import selectors, services
from popsote.notifications.models import Notification

TAG = "notifications"


class NotificationSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    body = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField()
    unread = serializers.BooleanField(source="is_unread", read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "category",
            "kind",
            "title",
            "body",
            "url",
            "created_at",
            "read_at",
            "unread",
        ]
        read_only_fields = fields

    def get_url(self, notification: Notification) -> str:
        request = self.context.get("request")
        url = notification.url
        return request.build_absolute_uri(url) if request is not None and url else url


class NotificationPagination(PageNumberPagination):
    page_size = 20

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["unread"] = self.unread
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["unread"] = {"type": "integer", "example": 3}
        schema["required"].append("unread")
        return schema


class NotificationAPIView(APIView):
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]


class NotificationListView(NotificationAPIView):
    @extend_schema(
        tags=[TAG],
        operation_id="notifications_list",
        summary="My notifications, newest first, with the unread count",
        responses={200: NotificationSerializer(many=True)},
    )
    def get(self, request):
        paginator = NotificationPagination()
        paginator.unread = selectors.unread_count(request.user)
        page = paginator.paginate_queryset(selectors.inbox(request.user), request, view=self)
        rows = NotificationSerializer(page, many=True, context={"request": request})
        return paginator.get_paginated_response(rows.data)

    # drf-spectacular reads the paginator from here for the list schema.
    pagination_class = NotificationPagination


class ReadView(NotificationAPIView):
    @extend_schema(
        tags=[TAG],
        operation_id="notifications_read",
        summary="Mark one of my notifications read",
        request=None,
        responses=NotificationSerializer,
    )
    def post(self, request, notification_id: int):
        try:
            notification = services.notification_mark_read(
                user=request.user, notification_id=notification_id
            )
        except Notification.DoesNotExist as error:
            raise Http404 from error
        return Response(NotificationSerializer(notification, context={"request": request}).data)


class ReadAllView(NotificationAPIView):
    @extend_schema(
        tags=[TAG],
        operation_id="notifications_read_all",
        summary="Mark all my notifications read",
        request=None,
        responses={
            200: inline_serializer("ReadAll", {"marked": serializers.IntegerField()}),
        },
    )
    def post(self, request):
        marked = services.notifications_mark_all_read(user=request.user)
        return Response({"marked": marked})
