from django.urls import path

from popsote.metrics import views

app_name = "metrics"

urlpatterns = [
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("stats/", views.stats_page, name="stats"),
]

# The open-data files answer at one address in every language (each holds all three), so a
# harvester keeps one link.
open_data_urls = [
    path("suggestions-by-month.csv", views.open_data_csv, name="csv"),
    path("suggestions-by-month.csv-metadata.json", views.open_data_metadata, name="metadata"),
    path("catalog.jsonld", views.open_data_dcat, name="dcat"),
]
