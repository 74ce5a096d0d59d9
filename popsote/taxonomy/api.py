from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from popsote.taxonomy.models import TAXONOMIES


class TermSerializer(serializers.Serializer):
    code = serializers.SlugField()
    label = serializers.CharField(help_text="The label in the language of Accept-Language.")
    labels = serializers.DictField(child=serializers.CharField(), help_text="fi, sv and en.")


class TaxonomyView(APIView):
    """Areas, service areas, stakeholder groups, suggestion kinds and strategy themes."""

    authentication_classes: list = []

    @extend_schema(
        responses=inline_serializer(
            "Taxonomy", {name: TermSerializer(many=True) for name in TAXONOMIES}
        )
    )
    def get(self, request):
        return Response(
            {
                name: TermSerializer(model.objects.active(), many=True).data
                for name, model in TAXONOMIES.items()
            }
        )
