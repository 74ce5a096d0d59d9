from django.urls import path

from popsote.metrics import views

app_name = "metrics"

urlpatterns = [
    path("dashboard/", views.dashboard_page, name="dashboard"),
]
