"""Pages of OuluHealth Labs. Their paths are a public promise: keep them stable."""

from django.urls import path

from labs.views import (
    apply,
    calls,
    companies,
    company_actions,
    detail,
    evaluation,
    public,
    staff,
)

app_name = "labs"

urlpatterns = [
    # Public: what Labs is, the test environments, the label register and verification.
    path("", public.index, name="index"),
    path("labels/", public.register, name="labels"),
    path("labels/<str:code>/", public.label, name="label"),
    path("labels/<str:code>/qr.svg", public.label_qr, name="label_qr"),
    # Needs opened to companies.
    path("calls/new/", calls.call_new, name="call_new"),
    path("calls/<slug:slug>/", calls.call_detail, name="call"),
    # Companies: registration, colleagues, the guided application and their applications.
    path("apply/", apply.apply, name="apply"),
    path("company/", companies.company, name="company"),
    path("company/invite/", companies.invite, name="invite"),
    path("invitations/<str:token>/", companies.invitation, name="invitation"),
    path("applications/", company_actions.mine, name="mine"),
    path("applications/<int:pk>/", detail.detail, name="application"),
    path("applications/<int:pk>/edit/<slug:section>/", apply.edit, name="edit"),
    path("applications/<int:pk>/submit/", apply.submit, name="submit"),
    path("applications/<int:pk>/withdraw/", company_actions.withdraw, name="withdraw"),
    path("applications/<int:pk>/reply/", company_actions.reply, name="reply"),
    path("applications/<int:pk>/evaluation-report/", evaluation.report, name="evaluation_report"),
    path("attachments/<str:token>/", company_actions.attachment, name="attachment"),
    # Labs staff: the queue, the moves and the steps of the process, evaluation, decision.
    path("staff/", staff.queue, name="queue"),
    path("applications/<int:pk>/move/", staff.transition, name="transition"),
    path("applications/<int:pk>/note/", staff.note, name="note"),
    path("applications/<int:pk>/screening/", staff.screening, name="screening"),
    path("applications/<int:pk>/plan/", staff.plan, name="plan"),
    path("applications/<int:pk>/report/", staff.report, name="report"),
    path("applications/<int:pk>/evaluation/", evaluation.evaluate, name="evaluate"),
    path("applications/<int:pk>/decision/", evaluation.decision, name="decision"),
]
