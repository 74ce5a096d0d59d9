"""The company's pages: its listings, starting one on a labelled product, writing a version in
sections (pictures with what they show included), submitting it for review.

Each section is a page of its own with two buttons: save (and stay) or save and go on. A
section that does not validate comes back with what was typed and an error summary (400);
whether everything a professional needs is there is asked when the company submits, and the
page lists what is missing with links to the sections. A published listing is changed in a
new version while the public keeps reading the published one.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from popsote.core.forms import add_service_errors
from popsote.core.refused import Back, refused, refuses_illegal_transitions
from showroom import permissions
from showroom.forms.listings import (
    IMAGES,
    ImageAddForm,
    ImageAltForm,
    ListingCreateForm,
    VersionSectionForm,
    field_label,
    section_label,
    sections,
)
from showroom.lifecycle import Action, State
from showroom.models import Listing
from showroom.selectors.review import company_listings, labels_for_listing, returned_message
from showroom.services.listings import listing_create, version_save
from showroom.services.transitions import listing_transition
from showroom.views import display
from showroom.views.access import company_of, listing_page, own_listing, refuse, sign_in_first

PAGE_SIZE = 25


@require_http_methods(["GET", "HEAD"])
def mine(request):
    if not request.user.is_authenticated:
        return sign_in_first(request)
    company = company_of(request.user)
    if company is None:
        raise PermissionDenied
    page = Paginator(company_listings(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    refusal = permissions.create_listing_refusal(request.user)
    context = {
        "company": company,
        "page": page,
        "rows": [display.company_row(listing, today=today) for listing in page.object_list],
        "may_create": refusal is None,
        "create_refusal": refusal,
    }
    return render(request, "showroom/mine.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def create(request):
    if not request.user.is_authenticated:
        return sign_in_first(request)
    company = company_of(request.user)
    if company is None:
        raise PermissionDenied
    if refusal := permissions.create_listing_refusal(request.user):
        back = Back(reverse("showroom:mine"), _("Back to your company's listings"))
        return refused(request, refusal.message, back=back, status=403)
    labels = list(labels_for_listing(request.user))
    form = ListingCreateForm(request.POST or None, labels=labels)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                listing = listing_create(
                    actor=request.user,
                    label=form.cleaned_data["label"],
                    name=form.cleaned_data["name"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The listing was started. Nobody else sees it yet."))
                return redirect("showroom:edit", slug=listing.slug, section="solution")
    return render(request, "showroom/create.html", {"form": form}, status=status)


def _shown_version(listing: Listing):
    """The version the company writes in, or the one a first save will copy."""
    return listing.pending or listing.published


def edit_context(request, listing: Listing, section: str, **extra) -> dict:
    version = _shown_version(listing)
    context = {
        "listing": listing,
        "version": version,
        "name": version.name,
        "section": section,
        "section_label": section_label(section),
        "sections": sections(),
        "is_change": listing.published_id is not None,
        "returned_message": returned_message(listing),
        "missing": display.missing(version),
        "submit_errors": [],
    }
    if section == IMAGES:
        images = list(version.images.order_by("position", "id"))
        alt_forms = extra.pop("alt_forms", {})
        context["images"] = [
            (image, alt_forms.get(image.pk) or ImageAltForm(image=image)) for image in images
        ]
        context["add_form"] = extra.pop("add_form", None) or ImageAddForm()
    else:
        context["form"] = extra.pop("form", None) or VersionSectionForm(
            section=section, version=version
        )
    context.update(extra)
    return context


@require_http_methods(["GET", "HEAD", "POST"])
@refuses_illegal_transitions(back=listing_page)
def edit(request, slug: str, section: str):
    if not request.user.is_authenticated:
        return sign_in_first(request)
    listing = own_listing(request.user, slug)
    order = [code for code, _label in sections()]
    if section not in order:
        raise Http404
    if refusal := permissions.edit_refusal(request.user, listing):
        return refuse(request, listing, refusal)
    if request.method != "POST":
        return render(request, "showroom/edit.html", edit_context(request, listing, section))
    if section == IMAGES:
        return _save_images(request, listing)
    form = VersionSectionForm(request.POST, section=section, version=_shown_version(listing))
    if form.is_valid():
        try:
            version_save(actor=request.user, listing=listing, data=form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Saved: %(section)s.") % {"section": section_label(section)}
            )
            return redirect(_after_save(request, listing, order, section))
    context = edit_context(request, listing, section, form=form)
    return render(request, "showroom/edit.html", context, status=400)


def _save_images(request, listing: Listing):
    """Add a picture, change what one shows, or remove one: one button each."""
    version = _shown_version(listing)
    images = {str(image.pk): image for image in version.images.all()}
    done = _("The pictures were saved.")
    if "add" in request.POST:
        form = ImageAddForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                version_save(
                    actor=request.user,
                    listing=listing,
                    data={},
                    new_images=[(form.cleaned_data["file"], form.cleaned_data["alt_text"])],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The picture was added."))
                return redirect("showroom:edit", slug=listing.slug, section=IMAGES)
        context = edit_context(
            request, listing, IMAGES, add_form=form, file_lost=bool(request.FILES)
        )
        return render(request, "showroom/edit.html", context, status=400)
    image = images.get(request.POST.get("image", ""))
    if image is None:
        raise Http404
    if "remove" in request.POST:
        version_save(actor=request.user, listing=listing, data={}, remove_images=[image.pk])
        messages.success(request, _("The picture was removed."))
        return redirect("showroom:edit", slug=listing.slug, section=IMAGES)
    form = ImageAltForm(request.POST, image=image)
    if form.is_valid():
        try:
            version_save(
                actor=request.user,
                listing=listing,
                data={},
                alt_texts={image.pk: form.cleaned_data["alt_text"]},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("showroom:edit", slug=listing.slug, section=IMAGES)
    context = edit_context(request, listing, IMAGES, alt_forms={image.pk: form})
    return render(request, "showroom/edit.html", context, status=400)


@require_POST
@refuses_illegal_transitions(back=listing_page)
def submit(request, slug: str):
    if not request.user.is_authenticated:
        raise Http404
    listing = own_listing(request.user, slug)
    action = Action.SUBMIT_CHANGE if listing.state == State.PUBLISHED else Action.SUBMIT
    try:
        listing_transition(actor=request.user, listing=listing, action=action)
    except ValidationError as error:
        listing = own_listing(request.user, slug)
        context = edit_context(request, listing, "solution", submit_errors=_named(error))
        return render(request, "showroom/edit.html", context, status=400)
    messages.success(
        request,
        _(
            "Thank you! The listing was sent to the showroom editors. You hear from them here "
            "and by e-mail."
        ),
    )
    return redirect(listing)


def _named(error: ValidationError) -> list[str]:
    """A submission's errors, each with the name of the field it is about."""
    if not hasattr(error, "error_dict"):
        return error.messages
    rows = []
    for name, errors in error.error_dict.items():
        label = _label_of(name)
        rows.extend(f"{label}: {message}" if label else message for e in errors for message in e)
    return rows


def _label_of(name: str) -> str:
    if name == "categories":
        return _("Categories")
    if name == "label":
        return _("Label")
    try:
        return field_label(name)
    except FieldDoesNotExist:
        return ""


def _after_save(request, listing, order, section) -> str:
    index = order.index(section)
    following = order[index + 1] if index + 1 < len(order) else None
    if "continue" in request.POST and following is not None:
        return reverse("showroom:edit", kwargs={"slug": listing.slug, "section": following})
    return reverse("showroom:edit", kwargs={"slug": listing.slug, "section": section})
