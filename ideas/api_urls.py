"""API paths of suggestions (published: keep them stable), mounted at ``/api/v1/suggestions/``
in the ``api`` namespace: ``api:suggestion-list``, ``api:suggestion-detail``, …"""

from django.urls import path, re_path

from ideas import api
from ideas.converters import ReferenceConverter

# A regular expression rather than the ``ref`` converter: the pages' URL map registers that
# converter, and registering it twice is deprecated.
REFERENCE = rf"(?P<reference>{ReferenceConverter.regex})"

urlpatterns = [
    path("", api.SuggestionListView.as_view(), name="suggestion-list"),
    path("similar/", api.SimilarView.as_view(), name="suggestion-similar"),
    re_path(rf"^{REFERENCE}/$", api.SuggestionDetailView.as_view(), name="suggestion-detail"),
    re_path(rf"^{REFERENCE}/support/$", api.SupportView.as_view(), name="suggestion-support"),
    re_path(rf"^{REFERENCE}/comments/$", api.CommentsView.as_view(), name="suggestion-comments"),
    re_path(rf"^{REFERENCE}/events/$", api.EventsView.as_view(), name="suggestion-events"),
    re_path(
        rf"^{REFERENCE}/transitions/$", api.TransitionsView.as_view(), name="suggestion-transitions"
    ),
]
