"""API paths of suggestions (API.md). Filled by the API part of the suggestions issue."""

urlpatterns: list = []
