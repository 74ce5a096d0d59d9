from django.urls import path

from popsote.privacy import views

app_name = "privacy"
urlpatterns = [
    path("accounts/profile/data/", views.download, name="download"),
    path("accounts/profile/delete/", views.delete, name="delete"),
    path("privacy/", views.privacy_notice, name="notice"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
]
