"""Leaving a suggestion, the thank-you page, the private tracking page, "my suggestions",
withdrawing, and the attachments of a suggestion.

A signed-out submitter is known only by the tracking token: it is shown once on the thank-you
page (kept in the session for that one display, never in any address but the tracking link)
and, when they gave an e-mail, mailed to them.
"""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.validators import slug_re
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ideas import ratelimits
from ideas.forms.submission import SuggestionForm
from ideas.lifecycle import Action
from ideas.models import Suggestion, token_hash
from ideas.permissions import withdraw_refusal
from ideas.selectors.challenges import open_challenges
from ideas.services.submission import Submitted, suggestion_submit
from ideas.services.transitions import suggestion_transition
from ideas.views.tracking import MAX_TOKEN_LENGTH, by_token, private, track_context
from popsote.core import confirm, uploads
from popsote.core.refused import Back, refused, refuses_illegal_transitions
from popsote.core.site import absolute_url

SESSION_SUBMITTED = "ideas.submitted"
SESSION_TRACKED = "ideas.tracked"
MINE_PAGE_SIZE = 20


@require_http_methods(["GET", "HEAD", "POST"])
def new(request):
    if request.method == "GET" and "sent" in request.GET:
        return _thanks(request)
    form = SuggestionForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        user=request.user,
        initial=_initial(request),
    )
    status = 200
    if request.method == "POST" and form.is_spam:
        return _thank_a_robot(request)
    if request.method == "POST" and form.is_valid():
        if not ratelimits.submit(request).allowed:
            form.add_error(None, _rate_limit_message())
            status = 429
        else:
            try:
                submitted = suggestion_submit(actor=request.user, **form.service_arguments())
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                return _after_submit(request, submitted)
    context = {
        "form": form,
        "files_lost": bool(request.FILES) and form.is_bound,
        "closed_challenge": _closed_challenge_requested(request),
    }
    return render(request, "ideas/submit.html", context, status=status)


@login_required
def mine(request):
    suggestions = (
        Suggestion.objects.filter(submitter=request.user).for_cards().order_by("-created_at", "-id")
    )
    page = Paginator(suggestions, MINE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "ideas/mine.html", {"page": page})


def track(request, token: str):
    suggestion = by_token(token)
    _remember_tracked(request, suggestion.pk)
    return private(render(request, "ideas/track.html", track_context(request, suggestion, token)))


def withdraw_back(request, reference: str) -> Back:
    """Back to where the author asked to withdraw: the tracking page for a signed-out one."""
    if token := request.POST.get("token", "")[:MAX_TOKEN_LENGTH]:
        return Back(reverse("ideas:track", kwargs={"token": token}), _("Back to the tracking page"))
    return Back(
        reverse("ideas:detail", kwargs={"reference": reference}), _("Back to the suggestion")
    )


@require_POST
@refuses_illegal_transitions(back=withdraw_back)
def withdraw(request, reference: str):
    token = request.POST.get("token", "")[:MAX_TOKEN_LENGTH] or None
    suggestion = _authored(request, reference, token)
    if refusal := withdraw_refusal(suggestion):
        # Said before asking to confirm: a decided suggestion's author learns why at once.
        back = withdraw_back(request, reference)
        return private(refused(request, refusal.message, back=back))
    if not confirm.confirmed(request):
        return private(
            confirm.ask(
                request,
                question=_("Withdraw the suggestion %(reference)s?")
                % {"reference": suggestion.reference},
                consequence=_(
                    "Its handling ends, and this cannot be undone. What has been published "
                    "stays visible, marked as withdrawn."
                ),
                confirm_label=_("Yes, withdraw the suggestion"),
                cancel_url=reverse("ideas:track", kwargs={"token": token})
                if token
                else suggestion.get_absolute_url(),
                fields=[("token", token)],
            )
        )
    try:
        suggestion_transition(
            actor=request.user, suggestion=suggestion, action=Action.WITHDRAW, tracking_token=token
        )
    except PermissionDenied as error:
        raise Http404 from error
    messages.success(
        request,
        _("The suggestion %(reference)s was withdrawn. Its handling has ended.")
        % {"reference": suggestion.reference},
    )
    if token:
        return private(redirect("ideas:track", token=token))
    return redirect(suggestion)


def attachment(request, reference: str, token: str):
    suggestion = _viewable(request, reference)
    item = get_object_or_404(suggestion.attachments, token=token)
    return uploads.serve(item)


# --- Helpers --------------------------------------------------------------------------------


def _initial(request) -> dict:
    initial = {"language": (get_language() or "fi")[:2]}
    user = request.user
    if user.is_authenticated:
        initial.update(stakeholder_group=user.stakeholder_group_id, area=user.area_id)
    challenge = _requested_challenge(request)
    if challenge is not None:
        initial["challenge"] = challenge.pk
    return initial


def _requested_challenge(request):
    """The open challenge named by ``?challenge=<slug>`` (the link on a challenge's page)."""
    slug = request.GET.get("challenge", "")
    if not slug_re.fullmatch(slug):  # no slug, or none that a challenge could have
        return None
    return open_challenges().filter(slug=slug).first()


def _closed_challenge_requested(request) -> bool:
    return bool(request.GET.get("challenge")) and _requested_challenge(request) is None


def _rate_limit_message() -> str:
    return _(
        "You have sent several suggestions within the last hour. To keep automated spam out, "
        "please wait a while and then send this one again. What you wrote is kept below; "
        "attachments must be chosen again."
    )


def _after_submit(request, submitted: Submitted):
    suggestion = submitted.suggestion
    if submitted.tracking_token is None:
        messages.success(
            request,
            _("Thank you! Your suggestion was received. Its reference is %(reference)s.")
            % {"reference": suggestion.reference},
        )
        return redirect(suggestion)
    request.session[SESSION_SUBMITTED] = {
        "reference": suggestion.reference,
        "title": suggestion.title,
        "token": submitted.tracking_token,
        "emailed": bool(suggestion.submitter_email),
        "on_behalf": suggestion.entered_by_id is not None,
    }
    return redirect(f"{reverse('ideas:new')}?sent=1")


def _thank_a_robot(request):
    """The same thank-you page as for a person, and nothing saved."""
    request.session[SESSION_SUBMITTED] = {
        "reference": f"{timezone.now().year}-{secrets.randbelow(10**6):06d}",
        "title": request.POST.get("title", "")[:200],
        "token": secrets.token_urlsafe(32),
        "emailed": bool(request.POST.get("email")),
        "on_behalf": False,
    }
    return redirect(f"{reverse('ideas:new')}?sent=1")


def _thanks(request):
    submitted = request.session.pop(SESSION_SUBMITTED, None)
    if submitted is None:  # shown once already, or never sent
        return redirect("ideas:new")
    tracking_url = absolute_url(reverse("ideas:track", kwargs={"token": submitted["token"]}))
    context = {"submitted": submitted, "tracking_url": tracking_url}
    return private(render(request, "ideas/submit_done.html", context))


def _authored(request, reference: str, token: str | None) -> Suggestion:
    """The suggestion if this person wrote it (or holds its tracking link); 404 otherwise."""
    if token:
        found = Suggestion.objects.filter(
            reference=reference, tracking_token_hash=token_hash(token)
        )
    elif request.user.is_authenticated:
        found = Suggestion.objects.visible_to(request.user).filter(
            reference=reference, submitter=request.user
        )
    else:
        raise Http404
    return get_object_or_404(found)


def _viewable(request, reference: str) -> Suggestion:
    """What ``visible_to`` allows, plus what this browser opened with a tracking link."""
    found = Suggestion.objects.visible_to(request.user).filter(reference=reference).first()
    if found is None:
        tracked = request.session.get(SESSION_TRACKED, [])
        found = Suggestion.objects.filter(reference=reference, pk__in=tracked).first()
    if found is None:
        raise Http404
    return found


def _remember_tracked(request, suggestion_id: int) -> None:
    """Let the attachments of a suggestion opened with its tracking link open in this session
    without putting the token in their addresses."""
    tracked = [pk for pk in request.session.get(SESSION_TRACKED, []) if pk != suggestion_id]
    request.session[SESSION_TRACKED] = [*tracked[-19:], suggestion_id]
