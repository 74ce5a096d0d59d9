"""The groups' work: /groups/ (each group's load), a group's queue and the coordinators'
triage queue.

The queue's filters are a GET form, so that a filtered queue has an address to bookmark and
share; each row offers assignment to a member. Triage places what routing could not: the
coordinator ticks the suggestions that belong to one group and sends them together.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from ideas.forms.handling import QueueFilterForm, RouteForm
from ideas.forms.widgets import quick_select
from ideas.lifecycle import State
from ideas.models import Suggestion
from ideas.selectors.queues import (
    groups_of,
    load_overview,
    queue,
    triage_count,
    with_badges,
)
from ideas.selectors.queues import triage as triage_rows
from ideas.services.routing import suggestions_route
from popsote.accounts.roles import is_coordinator
from popsote.core.forms import add_service_errors
from popsote.core.refused import Back, refuses_illegal_transitions
from processing_groups import permissions
from processing_groups.models import HandlerGroup
from processing_groups.selectors import group_choices, member_choices, public_groups

PAGE_SIZE = 25
GROUPS_PAGE_SIZE = 30


def group_list(request):
    user = request.user
    now = timezone.now()
    coordinator = is_coordinator(user)
    context = {
        "my_groups": list(groups_of(user, now=now)),
        "is_coordinator": coordinator,
        "can_manage": permissions.can_manage_groups(user),
    }
    if coordinator:
        context["overview"] = list(load_overview(now=now))
        context["triage_count"] = triage_count()
    else:
        # A page at a time: a national installation has a thousand groups.
        page = Paginator(public_groups(), GROUPS_PAGE_SIZE).get_page(request.GET.get("page"))
        context["public_groups"] = page
    return render(request, "ideas/group_list.html", context)


@login_required
def group_queue(request, slug: str):
    group = get_object_or_404(HandlerGroup, slug=slug)
    if not permissions.can_view_queue(request.user, group):
        # The same answer as for a group that does not exist, as for suggestions.
        raise Http404
    now = timezone.now()
    form = QueueFilterForm(request.GET or None, states=State.choices)
    rows = queue(group=group, user=request.user, filters=form.filters(), now=now)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = with_badges(page.object_list, now=now)
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


def triage_page(request, *args, **kwargs) -> Back:
    return Back(reverse("groups:triage"), _("Back to triage"))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@refuses_illegal_transitions(back=triage_page)
def triage(request):
    """What routing could not place, oldest first. One form for the page: the coordinator ticks
    the suggestions that belong to one group, chooses it once and sends them together — all of
    them or, if any has moved meanwhile, none."""
    if not permissions.can_triage(request.user):
        raise PermissionDenied
    groups = group_choices()
    form = RouteForm(request.POST if request.method == "POST" else None, groups=groups)
    if request.method == "POST" and form.is_valid():
        references = form.cleaned_data["references"]
        group = HandlerGroup.objects.filter(slug=form.cleaned_data["group"]).first()
        try:
            suggestions_route(
                actor=request.user,
                references=references,
                group=group,
                note=form.cleaned_data["note"],
                expected_states={ref: request.POST.get(f"state_{ref}", "") for ref in references},
            )
        except Suggestion.DoesNotExist:
            raise Http404 from None
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d suggestion was sent to %(group)s.",
                    "%(count)d suggestions were sent to %(group)s.",
                    len(references),
                )
                % {"count": len(references), "group": group.name},
            )
            return redirect("groups:triage")
    quick_select(form, "group")
    page = Paginator(triage_rows(), PAGE_SIZE).get_page(request.GET.get("page"))
    chosen = set(form["references"].value() or []) if form.is_bound else set()
    context = {"page": page, "form": form, "chosen": chosen, "has_groups": bool(groups)}
    return render(request, "ideas/triage.html", context, status=400 if form.errors else 200)
