"""API paths of the showroom (published: keep them stable), mounted at ``/api/v1/showroom/``
in the ``api`` namespace: ``api:showroom-solution-list``, ``api:showroom-solution-detail``."""

from django.urls import path

from showroom.api import views

urlpatterns = [
    path("solutions/", views.SolutionListView.as_view(), name="showroom-solution-list"),
    path(
        "solutions/<slug:slug>/",
        views.SolutionDetailView.as_view(),
        name="showroom-solution-detail",
    ),
]
