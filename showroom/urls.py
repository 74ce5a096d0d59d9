"""Pages of the AADA showroom. Their paths are a public promise: keep them stable.

The fixed paths come before ``<slug>/``: the listing's slug is made from its name and never
takes one of them (``showroom.services.listings``)."""

from django.urls import path

from showroom.views import catalogue, company, detail, images, responses, review

app_name = "showroom"

urlpatterns = [
    # Public: the catalogue, a solution's page and its pictures.
    path("", catalogue.catalogue, name="catalogue"),
    path("images/<str:token>/", images.image, name="image"),
    # Companies: their listings, a new one, its sections, submitting it.
    path("mine/", company.mine, name="mine"),
    path("new/", company.create, name="create"),
    # Editors: the queue, a listing's review and its moves; moderating experiences.
    path("review/", review.queue, name="review_queue"),
    path("feedback/<int:pk>/report/", responses.feedback_report, name="feedback_report"),
    path("feedback/<int:pk>/moderate/", responses.feedback_moderate, name="feedback_moderate"),
    path("<slug:slug>/", detail.detail, name="detail"),
    path("<slug:slug>/edit/<slug:section>/", company.edit, name="edit"),
    path("<slug:slug>/submit/", company.submit, name="submit"),
    path("<slug:slug>/review/", review.review, name="review"),
    path("<slug:slug>/move/", review.transition, name="transition"),
    # People's responses.
    path("<slug:slug>/interest/", responses.interest, name="interest"),
    path("<slug:slug>/recommend/", responses.recommend, name="recommend"),
    path("<slug:slug>/feedback/", responses.feedback, name="feedback"),
]
