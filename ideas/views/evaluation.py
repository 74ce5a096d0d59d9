"""A member scores a suggestion on the evaluation criteria.

The form lives in the evaluation panel of the suggestion page and posts here; a form with
errors comes back on a page of its own, with what was typed, so that nothing is lost.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ideas.forms.evaluation import EvaluationForm
from ideas.models import Suggestion
from ideas.models.evaluation import score_field
from ideas.permissions import EVALUABLE_STATES, can_see_evaluations
from ideas.selectors.evaluation import summary
from ideas.services.evaluation import evaluation_save
from popsote.core.lifecycle import IllegalTransition
from popsote.taxonomy.models import EvaluationCriterion


def _suggestion_for(user, reference: str) -> Suggestion:
    """The suggestion for a handler, or 404 for anyone else: the evaluation's address tells
    nobody else that the suggestion exists."""
    suggestion = get_object_or_404(
        Suggestion.objects.visible_to(user).select_related("group"), reference=reference
    )
    if not can_see_evaluations(user, suggestion):
        raise Http404
    return suggestion


def _page(request, suggestion, *, form=None, status=200, refusal=""):
    panel = panel_for(request.user, suggestion, form=form)
    context = {"suggestion": suggestion, "panel": panel, "refusal": refusal}
    return render(request, "ideas/evaluation_page.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def evaluate(request, reference):
    suggestion = _suggestion_for(request.user, reference)
    if request.method == "GET":
        return _page(request, suggestion)
    criteria = list(EvaluationCriterion.objects.active())
    form = EvaluationForm(request.POST, criteria=criteria)
    if form.is_valid():
        try:
            evaluation_save(
                actor=request.user,
                suggestion=suggestion,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        except IllegalTransition as error:
            # The evaluation page again, the refusal above the group's evaluations, rather
            # than the shared refusal page: the member still reads what the others gave.
            return _page(request, suggestion, status=409, refusal=str(error))
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Your evaluation was saved."))
            return redirect(f"{suggestion.get_absolute_url()}#evaluation")
    return _page(request, suggestion, form=form)


def panel_for(user, suggestion: Suggestion, *, form: EvaluationForm | None = None) -> dict | None:
    """What the suggestion page's evaluation panel shows ``user``, or None when they may not
    evaluate or see evaluations. A fixed number of queries: the criteria, the averages, the
    evaluations with their scores, the group's members.

    ``form`` is a bound form to show again with its errors (the evaluate view passes it)."""
    if not can_see_evaluations(user, suggestion):
        return None
    criteria = list(EvaluationCriterion.objects.active())
    result = summary(suggestion, criteria=criteria)
    mine = next((e for e in result.evaluations if e.evaluator_id == user.pk), None)
    may_evaluate = suggestion.state in EVALUABLE_STATES
    if form is None and may_evaluate:
        initial = {"comment": mine.comment} if mine else {}
        if mine is not None:
            by_id = {criterion.pk: criterion for criterion in criteria}
            for score in mine.scores.all():
                if score.criterion_id in by_id:
                    initial[score_field(by_id[score.criterion_id])] = score.score
        form = EvaluationForm(criteria=criteria, initial=initial)
    return {
        "suggestion": suggestion,
        "summary": result,
        "mine": mine,
        "form": form if may_evaluate else None,
        "can_evaluate": may_evaluate,
    }
