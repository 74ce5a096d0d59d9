"""The company's forms: starting a listing of a labelled product, and writing a version in
sections (the solution, using it, getting it, pictures).

A section may be saved half-filled: whether everything a professional needs is there is asked
when the company submits, by the service, from ``showroom.models.REQUIRED_FIELDS``. The forms
check the shape of what was typed; the services decide and write, and a service's
``ValidationError`` goes back onto the form (``popsote.core.forms.add_service_errors``).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import fields_for_model
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from popsote.core.pii import no_identity_code
from popsote.core.uploads import IMAGE_FORMATS, clean_upload
from showroom.models import Audience, Category, Language, ListingImage, ListingVersion, Platform

IMAGES = "images"

# The version's fields by section, in the order they are asked.
SECTION_FIELDS = {
    "solution": ("name", "summary", "audience", "categories", "description"),
    "use": ("languages", "platforms", "accessibility_notes", "video_url"),
    "getting": ("price_model", "cost_to_person", "how_to_get", "in_use_at"),
}
# Free texts a person writes: a personal identity code has no place in any of them.
TEXT_FIELDS = (
    "name",
    "summary",
    "description",
    "accessibility_notes",
    "cost_to_person",
    "how_to_get",
    "in_use_at",
)

HELP = {
    "name": _("The name people know it by."),
    "summary": _(
        "One or two plain sentences: who it is for and what it does. This is what the "
        "catalogue's card shows."
    ),
    "audience": _("Who it is meant for. Choose both if both use it."),
    "categories": _("What kind of help it gives. Choose one or more."),
    "description": _("What it does and how it is used, in plain language."),
    "languages": _("The languages it can be used in."),
    "platforms": _("What it is used on."),
    "accessibility_notes": _(
        "For example: works with a screen reader, large text, can be used without reading."
    ),
    "video_url": _("A video that shows it in use, at an https:// address."),
    "price_model": _("How it is paid for."),
    "cost_to_person": _(
        "What it costs the person who uses it, for example “free for home-care clients”."
    ),
    "how_to_get": _("How a resident or a professional gets it in this county."),
    "in_use_at": _("Where it is already in use, for example which units of the county."),
}


def sections() -> list[tuple[str, str]]:
    """The pages of a version in order: three of fields, then the pictures."""
    return [
        ("solution", gettext("The solution")),
        ("use", gettext("Using it")),
        ("getting", gettext("Getting it")),
        (IMAGES, gettext("Pictures")),
    ]


def section_label(code: str) -> str:
    return dict(sections())[code]


def section_of(field: str) -> str:
    """The section that asks ``field``: where a link to a missing answer leads."""
    for code, fields in SECTION_FIELDS.items():
        if field in fields:
            return code
    return IMAGES


def field_label(field: str) -> str:
    return str(ListingVersion._meta.get_field(field).verbose_name).capitalize()


class CategoriesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.label


def _formfield(model_field, **kwargs):
    # An address typed without a scheme is read as https://, the only one accepted.
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)


class VersionSectionForm(forms.Form):
    """One section of a version, filled in from the version being written (or, for a change
    to a published listing, from the published one)."""

    def __init__(self, *args, section: str, version: ListingVersion | None = None, **kwargs):
        self.section = section
        names = SECTION_FIELDS[section]
        initial = kwargs.pop("initial", None) or {}
        if version is not None:
            for name in names:
                if name == "categories":
                    initial.setdefault(name, [category.pk for category in version.categories.all()])
                else:
                    initial.setdefault(name, getattr(version, name))
        super().__init__(*args, initial=initial, **kwargs)
        model_fields = fields_for_model(
            ListingVersion,
            fields=[n for n in names if n not in CHOICE_LISTS],
            formfield_callback=_formfield,
        )
        for name in names:
            if name in CHOICE_LISTS:
                label, choices = CHOICE_LISTS[name]
                field = forms.MultipleChoiceField(
                    label=label(),
                    choices=choices,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                )
            elif name == "categories":
                field = CategoriesField(
                    Category.objects.active(),
                    label=_("Categories"),
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                )
            else:
                field = model_fields[name]
                # A draft is saved half-filled: submitting asks what is missing.
                field.required = False
            if name in TEXT_FIELDS:
                field.validators.append(no_identity_code)
            field.help_text = HELP.get(name, field.help_text)
            if name == "price_model":
                field.choices = [("", _("Not chosen yet")), *field.choices[1:]]
            if name == "video_url":
                field.widget.attrs.setdefault("inputmode", "url")
            self.fields[name] = field

    def service_data(self) -> dict:
        """The section's values for the service (categories as rows)."""
        data = dict(self.cleaned_data)
        if "categories" in data:
            data["categories"] = list(data["categories"])
        return data


CHOICE_LISTS = {
    "audience": (lambda: gettext("For whom"), Audience.choices),
    "languages": (lambda: gettext("Languages"), Language.choices),
    "platforms": (lambda: gettext("Used on"), Platform.choices),
}

ALT_HELP = _(
    "Say what the picture shows, for someone who cannot see it: for example “A tablet on a "
    "kitchen table shows the day's medicines”."
)
ALT_MAX = ListingImage._meta.get_field("alt_text").max_length


class ImageAddForm(forms.Form):
    """A new picture of the version and what it shows: a picture without a description is not
    taken."""

    file = forms.FileField(
        label=_("Picture"),
        help_text=_("A JPEG, PNG or WebP picture of at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        error_messages={"required": _("Choose a picture.")},
    )
    alt_text = forms.CharField(
        label=_("What the picture shows"),
        max_length=ALT_MAX,
        help_text=ALT_HELP,
        validators=[no_identity_code],
        error_messages={"required": _("Describe the picture for those who cannot see it.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "add_%s")
        super().__init__(*args, **kwargs)

    def clean_file(self):
        """The picture as a re-encoded ``CleanFile``: a PDF is no picture here."""
        cleaned = clean_upload(self.cleaned_data["file"])
        if cleaned.content_type not in {kind for kind, _ext, _opts in IMAGE_FORMATS.values()}:
            raise ValidationError(
                _("Only pictures (JPEG, PNG or WebP) can be shown on the listing."),
                code="not_image",
            )
        return cleaned


class ImageAltForm(forms.Form):
    """The description of a picture already on the version."""

    alt_text = forms.CharField(
        label=_("What the picture shows"),
        max_length=ALT_MAX,
        help_text=ALT_HELP,
        validators=[no_identity_code],
        error_messages={"required": _("Describe the picture for those who cannot see it.")},
    )

    def __init__(self, *args, image: ListingImage, **kwargs):
        kwargs.setdefault("auto_id", f"image{image.pk}_%s")
        kwargs.setdefault("initial", {"alt_text": image.alt_text})
        super().__init__(*args, **kwargs)
        self.image = image


class ListingCreateForm(forms.Form):
    """The first step of a listing: which labelled product it is, and its name."""

    label = forms.ChoiceField(
        label=_("The labelled product"),
        help_text=_(
            "A listing shows one product with a valid OuluHealth Labs label; its evidence is "
            "drawn from the label."
        ),
        error_messages={"required": _("Choose the product.")},
    )
    name = forms.CharField(
        label=_("Name of the solution"),
        max_length=ListingVersion._meta.get_field("name").max_length,
        help_text=HELP["name"],
        validators=[no_identity_code],
        error_messages={"required": _("Give the solution's name.")},
    )

    def __init__(self, *args, labels, **kwargs):
        """``labels``: the company's labels valid today."""
        super().__init__(*args, **kwargs)
        self.labels = {str(label.pk): label for label in labels}
        self.fields["label"].choices = [
            ("", _("Choose the product")),
            *(
                (
                    key,
                    gettext("%(product)s %(version)s (%(level)s, %(code)s)")
                    % {
                        "product": label.product_name,
                        "version": label.product_version,
                        "level": label.get_level_display(),
                        "code": label.code,
                    },
                )
                for key, label in self.labels.items()
            ),
        ]

    def clean_label(self):
        return self.labels[self.cleaned_data["label"]]
