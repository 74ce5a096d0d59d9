"""Input and output of the showroom API. Output serializers read what the selectors prepared
(no query of their own); the params serializer checks the filters' values."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from labs.models import Level
from popsote.core.site import absolute_url
from showroom.models import Audience, Language, Platform, PriceModel


class CategorySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="label")


class ListingLabelSerializer(serializers.Serializer):
    """The label the listing rests on: verify it at ``url``."""

    code = serializers.CharField()
    level = serializers.ChoiceField(choices=Level.choices)
    level_label = serializers.CharField(source="get_level_display")
    valid_until = serializers.DateField()
    url = serializers.SerializerMethodField(help_text="The label's public verification page.")

    def get_url(self, label) -> str:
        return absolute_url(label.get_absolute_url())


class SolutionSerializer(serializers.Serializer):
    """A listed solution, as the catalogue shows it."""

    slug = serializers.SlugField()
    name = serializers.CharField(source="published.name")
    summary = serializers.CharField(source="published.summary")
    company = serializers.CharField(source="company.name")
    audience = serializers.ListField(
        child=serializers.ChoiceField(choices=Audience.choices), source="published.audience"
    )
    categories = serializers.SerializerMethodField()
    label = ListingLabelSerializer()
    url = serializers.SerializerMethodField(help_text="The solution's page in the showroom.")

    @extend_schema_field(CategorySerializer(many=True))
    def get_categories(self, listing):
        # Prefetched with the rows (``showroom.selectors.catalogue.for_cards``).
        return CategorySerializer(listing.published.categories.all(), many=True).data

    def get_url(self, listing) -> str:
        return absolute_url(listing.get_absolute_url())


class ImageSerializer(serializers.Serializer):
    url = serializers.SerializerMethodField()
    alt_text = serializers.CharField()

    def get_url(self, image) -> str:
        return absolute_url(image.file.url)


class SolutionDetailSerializer(SolutionSerializer):
    """Everything the public reads of a listed solution."""

    description = serializers.CharField(source="published.description")
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=Language.choices), source="published.languages"
    )
    platforms = serializers.ListField(
        child=serializers.ChoiceField(choices=Platform.choices), source="published.platforms"
    )
    price_model = serializers.ChoiceField(
        choices=PriceModel.choices, source="published.price_model", allow_blank=True
    )
    cost_to_person = serializers.CharField(source="published.cost_to_person")
    how_to_get = serializers.CharField(source="published.how_to_get")
    in_use_at = serializers.CharField(source="published.in_use_at")
    accessibility_notes = serializers.CharField(source="published.accessibility_notes")
    video_url = serializers.CharField(source="published.video_url")
    images = serializers.SerializerMethodField()
    published_at = serializers.DateTimeField()

    @extend_schema_field(ImageSerializer(many=True))
    def get_images(self, listing):
        return ImageSerializer(listing.published.images.all(), many=True).data


class SolutionParamsSerializer(serializers.Serializer):
    search = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="Words to search for."
    )
    audience = serializers.ChoiceField(choices=Audience.choices, required=False, allow_blank=True)
    category = serializers.SlugField(
        required=False, allow_blank=True, max_length=40, help_text="A category's code."
    )
    label_level = serializers.ChoiceField(choices=Level.choices, required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=Language.choices, required=False, allow_blank=True)
    platform = serializers.ChoiceField(choices=Platform.choices, required=False, allow_blank=True)
    free = serializers.BooleanField(
        required=False, default=False, help_text="Only those free of charge to the person."
    )
