from django.urls import path, register_converter

from popsote.metrics import views


class Extension:
    regex = "csv|xlsx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(Extension, "extension")

app_name = "metrics"

# A figure's file is named by the figure's code (``suggestions_by_area.csv``).
urlpatterns = [
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path(
        "dashboard/suggestions.<extension:extension>",
        views.dashboard_suggestions_export,
        name="dashboard_suggestions",
    ),
    path(
        "dashboard/<slug:code>.<extension:extension>",
        views.dashboard_figure,
        name="dashboard_figure",
    ),
    path("stats/", views.stats_page, name="stats"),
    path("stats/<slug:code>.<extension:extension>", views.stats_figure, name="stats_figure"),
]

# The open-data files answer at one address in every language (each holds all three), so a
# harvester keeps one link.
open_data_urls = [
    path("suggestions-by-month.csv", views.open_data_csv, name="csv"),
    path("suggestions-by-month.csv-metadata.json", views.open_data_metadata, name="metadata"),
    path("catalog.jsonld", views.open_data_dcat, name="dcat"),
]
