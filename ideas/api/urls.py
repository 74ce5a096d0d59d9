"""API paths of suggestions (published: keep them stable), mounted at ``/api/v1/suggestions/``
in the ``api`` namespace: ``api:suggestion-list``, ``api:suggestion-detail``, …"""

from django.urls import path, re_path

from ideas.api import views
from ideas.converters import ReferenceConverter

# A regular expression rather than the ``ref`` converter: the pages' URL map registers that
# converter, and registering it twice is deprecated.
REFERENCE = rf"(?P<reference>{ReferenceConverter.regex})"

urlpatterns = [
    path("", views.SuggestionListView.as_view(), name="suggestion-list"),
    path("similar/", views.SimilarView.as_view(), name="suggestion-similar"),
    re_path(rf"^{REFERENCE}/$", views.SuggestionDetailView.as_view(), name="suggestion-detail"),
    re_path(rf"^{REFERENCE}/support/$", views.SupportView.as_view(), name="suggestion-support"),
    re_path(rf"^{REFERENCE}/comments/$", views.CommentsView.as_view(), name="suggestion-comments"),
    re_path(rf"^{REFERENCE}/events/$", views.EventsView.as_view(), name="suggestion-events"),
    re_path(
        rf"^{REFERENCE}/transitions/$",
        views.TransitionsView.as_view(),
        name="suggestion-transitions",
    ),
]
