from allauth.usersessions.adapter import get_adapter
from allauth.usersessions.models import UserSession
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST


@require_POST
@login_required
def end_session(request, pk: int):
    """End one of the person's other sessions (a browser left signed in elsewhere); the list
    of sessions (allauth's) offers this next to each. The current one ends by signing out."""
    session = get_object_or_404(UserSession, pk=pk, user=request.user)
    if session.is_current():
        raise Http404
    get_adapter().end_sessions([session])
    messages.success(request, _("The session has ended: that browser is signed out."))
    return redirect("usersessions_list")
