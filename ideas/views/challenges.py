"""Challenges: themed calls for suggestions with a deadline. Coordinators open them; anyone
reads them and, while one is open, submits to it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ideas import permissions
from ideas.forms.community import ChallengeForm
from ideas.models import Challenge
from ideas.selectors.board import BoardQuery, board
from ideas.services.challenges import challenge_create

CLOSED_SHOWN = 50


def challenge_list(request):
    now = timezone.now()
    challenges = Challenge.objects.annotate(
        public_count=Count(
            "suggestions",
            filter=Q(suggestions__is_private=False, suggestions__is_hidden=False),
        )
    )
    context = {
        "open_challenges": challenges.filter(opens_at__lte=now, deadline__gt=now).order_by(
            "deadline"
        ),
        "upcoming_challenges": challenges.filter(opens_at__gt=now).order_by("opens_at"),
        "closed_challenges": challenges.filter(deadline__lte=now).order_by("-deadline")[
            :CLOSED_SHOWN
        ],
        "can_manage": permissions.can_manage_challenges(request.user),
    }
    return render(request, "ideas/challenge_list.html", context)


@require_http_methods(["GET", "POST"])
def challenge_new(request):
    if not permissions.can_manage_challenges(request.user):
        raise Http404
    form = ChallengeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            challenge = challenge_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The challenge is open for suggestions."))
            return redirect(challenge)
    return render(request, "ideas/challenge_form.html", {"form": form})


def challenge_detail(request, slug: str):
    challenge = get_object_or_404(Challenge, slug=slug)
    query = BoardQuery.from_params(
        {"challenge": challenge.slug, "cursor": request.GET.get("cursor", "")}
    )
    page = board(user=request.user, query=query)
    now = timezone.now()
    phase = (
        "upcoming" if now < challenge.opens_at else "open" if challenge.is_open(now) else "closed"
    )
    context = {"challenge": challenge, "page": page, "phase": phase}
    return render(request, "ideas/challenge_detail.html", context)
