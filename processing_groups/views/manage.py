"""Coordinators create and edit groups and their members in the site. Signed-out people are
asked to sign in; anyone else is refused (the groups themselves are public knowledge)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from popsote.core import confirm
from processing_groups import permissions, selectors, services
from processing_groups.forms import GroupForm, MemberAddForm, MemberRoleForm
from processing_groups.models import HandlerGroup, Membership


def _managers_only(user) -> None:
    if not permissions.can_manage_groups(user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def group_create(request):
    _managers_only(request.user)
    form = GroupForm(request.POST or None)
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                group = services.group_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The group %(name)s was created.") % {"name": group})
                return redirect("groups:members", slug=group.slug)
        status = 400
    context = {"form": form, "group": None}
    return render(request, "processing_groups/group_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def group_edit(request, slug: str):
    _managers_only(request.user)
    group = get_object_or_404(selectors.with_coverage(HandlerGroup.objects.all()), slug=slug)
    form = GroupForm(request.POST or None, initial=GroupForm.initial_for(group))
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                group = services.group_update(actor=request.user, group=group, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The group %(name)s was saved.") % {"name": group})
                return redirect("groups:detail", slug=group.slug)
        status = 400
    context = {"form": form, "group": group}
    return render(request, "processing_groups/group_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def members(request, slug: str):
    _managers_only(request.user)
    group = get_object_or_404(HandlerGroup, slug=slug)
    add_form = MemberAddForm()
    failed: tuple[int, MemberRoleForm] | None = None
    if request.method == "POST":
        operation = request.POST.get("operation")
        try:
            if operation == "add":
                add_form = MemberAddForm(request.POST)
                if add_form.is_valid():
                    membership = services.membership_add(
                        actor=request.user, group=group, **add_form.cleaned_data
                    )
                    return _done(request, group, _("%(person)s joined the group."), membership)
            else:
                membership_id = request.POST.get("membership", "")
                membership = get_object_or_404(
                    Membership.objects.select_related("user"),
                    group=group,
                    pk=membership_id if membership_id.isdigit() else 0,
                )
                if operation == "remove" and not confirm.confirmed(request):
                    return _ask_removal(request, group, membership)
                # On removal the row's form shows the role as it is, with the refusal.
                data = {"role": membership.role} if operation == "remove" else request.POST
                role_form = MemberRoleForm(data, auto_id=_row_id(membership))
                failed = (membership.pk, role_form)
                if operation == "remove":
                    services.membership_remove(actor=request.user, membership=membership)
                    return _done(request, group, _("%(person)s left the group."), membership)
                if role_form.is_valid():
                    services.membership_set_role(
                        actor=request.user, membership=membership, **role_form.cleaned_data
                    )
                    return _done(
                        request, group, _("The role of %(person)s was changed."), membership
                    )
        except ValidationError as error:
            (failed[1] if failed else add_form).add_error(None, error)
    rows = [
        (membership, _row_form(membership, failed)) for membership in selectors.members_of(group)
    ]
    context = {"group": group, "rows": rows, "add_form": add_form}
    status = 400 if request.method == "POST" else 200
    return render(request, "processing_groups/members.html", context, status=status)


def _ask_removal(request, group: HandlerGroup, membership: Membership):
    person = membership.user.name or membership.user.email
    return confirm.ask(
        request,
        question=_("Remove %(person)s from %(group)s?") % {"person": person, "group": group.name},
        consequence=_(
            "They no longer work the group's queue. Suggestions assigned to them stay so, "
            "marked as assigned to a former member, until the group reassigns them."
        ),
        confirm_label=_("Yes, remove %(person)s") % {"person": person},
        cancel_url=reverse("groups:members", kwargs={"slug": group.slug}),
        fields=[("operation", "remove"), ("membership", str(membership.pk))],
    )


def _row_id(membership: Membership) -> str:
    return f"id_member_{membership.pk}_%s"


def _row_form(membership: Membership, failed) -> MemberRoleForm:
    if failed and failed[0] == membership.pk:
        form = failed[1]
    else:
        form = MemberRoleForm(initial={"role": membership.role}, auto_id=_row_id(membership))
    # Each row's select says whose role it is.
    form.fields["role"].label = _("Role of %(person)s") % {
        "person": membership.user.name or membership.user.email
    }
    return form


def _done(request, group: HandlerGroup, message: str, membership: Membership):
    person = membership.user.name or membership.user.email
    messages.success(request, message % {"person": person})
    return redirect("groups:members", slug=group.slug)
