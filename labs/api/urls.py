"""API paths of Labs (published: keep them stable), mounted at ``/api/v1/labs/`` in the ``api``
namespace: ``api:labs-application-list``, ``api:labs-label-detail``, …"""

from django.urls import path

from labs.api import views

urlpatterns = [
    path("environments/", views.EnvironmentListView.as_view(), name="labs-environment-list"),
    path("applications/", views.ApplicationListView.as_view(), name="labs-application-list"),
    path(
        "applications/<int:id>/",
        views.ApplicationDetailView.as_view(),
        name="labs-application-detail",
    ),
    path(
        "applications/<int:id>/transitions/",
        views.TransitionsView.as_view(),
        name="labs-application-transitions",
    ),
    path("labels/", views.LabelListView.as_view(), name="labs-label-list"),
    path("labels/<str:code>/", views.LabelDetailView.as_view(), name="labs-label-detail"),
]
