"""The groups' work: /groups/ (each group's load), a group's queue and the coordinators'
triage queue.

The queue's filters are a GET form, so that a filtered queue has an address to bookmark and
share; each row offers assignment to a member. Triage places, one by one, what routing could
not: each row has its own small form that routes the suggestion to a group.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ideas import queues
from ideas.forms_handling import QueueFilterForm, RouteForm, add_service_errors
from ideas.lifecycle import Action, State
from ideas.models import Suggestion
from ideas.services import suggestion_transition
from ideas.widgets import quick_select
from popsote.accounts.roles import is_coordinator
from popsote.core.lifecycle import IllegalTransition
from processing_groups import permissions
from processing_groups.models import HandlerGroup
from processing_groups.selectors import group_choices, member_choices, public_groups

PAGE_SIZE = 25


def group_list(request):
    user = request.user
    now = timezone.now()
    coordinator = is_coordinator(user)
    context = {
        "my_groups": list(queues.groups_of(user, now=now)),
        "is_coordinator": coordinator,
        "can_manage": permissions.can_manage_groups(user),
    }
    if coordinator:
        context["overview"] = list(queues.load_overview(now=now))
        context["triage_count"] = queues.triage_count()
    else:
        context["public_groups"] = list(public_groups())
    return render(request, "ideas/group_list.html", context)


@login_required
def group_queue(request, slug: str):
    group = get_object_or_404(HandlerGroup, slug=slug)
    if not permissions.can_view_queue(request.user, group):
        raise PermissionDenied
    now = timezone.now()
    form = QueueFilterForm(request.GET or None, states=State.choices)
    rows = queues.queue(group=group, user=request.user, filters=form.filters(), now=now)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = queues.with_badges(page.object_list, now=now)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "group": group,
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "members": member_choices(group),
        "next": request.get_full_path(),
    }
    return render(request, "ideas/queue.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def triage(request):
    if not permissions.can_triage(request.user):
        raise PermissionDenied
    groups = group_choices()
    failed: tuple[int, RouteForm] | None = None
    if request.method == "POST":
        suggestion = get_object_or_404(Suggestion, reference=request.POST.get("reference", ""))
        form = quick_select(
            RouteForm(request.POST, groups=groups, auto_id=_row_id(suggestion)), "group"
        )
        if form.is_valid():
            try:
                suggestion_transition(
                    actor=request.user,
                    suggestion=suggestion,
                    action=Action.ROUTE,
                    group=HandlerGroup.objects.filter(slug=form.cleaned_data["group"]).first(),
                    note=form.cleaned_data["note"],
                    expected_state=form.cleaned_data["expected_state"] or None,
                )
            except IllegalTransition as error:
                context = {"suggestion": suggestion, "message": str(error)}
                return render(request, "ideas/detail_refused.html", context, status=409)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                group = HandlerGroup.objects.get(slug=form.cleaned_data["group"])
                messages.success(
                    request,
                    _("%(reference)s was sent to %(group)s.")
                    % {"reference": suggestion.reference, "group": group.name},
                )
                return redirect("groups:triage")
        failed = (suggestion.pk, form)
    page = Paginator(queues.triage(), PAGE_SIZE).get_page(request.GET.get("page"))
    drawn: dict = {}
    rows = [(row, _row_form(row, groups, failed, drawn)) for row in page.object_list]
    if failed and all(row.pk != failed[0] for row, _form in rows):
        # The refused row may sit on another page: show it first, with what went wrong.
        rows.insert(0, (suggestion, failed[1]))
    page.object_list = rows
    context = {"page": page, "has_groups": bool(groups)}
    return render(request, "ideas/triage.html", context, status=400 if failed else 200)


def _row_id(suggestion: Suggestion) -> str:
    return f"id_route_{suggestion.pk}_%s"


def _row_form(suggestion: Suggestion, groups, failed, drawn: dict) -> RouteForm:
    if failed and failed[0] == suggestion.pk:
        form = failed[1]
    else:
        # One select of every active group per row: drawn by a template per option, 25 rows
        # of 1 000 groups take seconds; the rows share the options, drawn once.
        form = quick_select(
            RouteForm(
                groups=groups,
                initial={"expected_state": suggestion.state},
                auto_id=_row_id(suggestion),
            ),
            "group",
            drawn=drawn,
        )
    # Each row's fields say which suggestion they are for.
    form.fields["group"].label = _("Handler group for %(reference)s") % {
        "reference": suggestion.reference
    }
    return form
