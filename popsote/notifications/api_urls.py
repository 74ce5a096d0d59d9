from django.urls import path

from popsote.notifications import api

app_name = "notifications"

urlpatterns = [
    path("", api.NotificationListView.as_view(), name="list"),
    path("read-all/", api.ReadAllView.as_view(), name="read_all"),
    path("<int:notification_id>/read/", api.ReadView.as_view(), name="read"),
]
