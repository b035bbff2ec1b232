from rest_framework import serializers

from core.api import (
    ProfileMixin,
    RegistrySerializer,
    RegistryViewSet,
    RelatedRecord,
    VagueDateField,
)
from core.models import Publication
from figures.filters import ClaimFilterSet, FigureFilterSet, MilestoneFilterSet, SourceFilterSet
from figures.models import Claim, Figure, Milestone, Source


class SourceSerializer(ProfileMixin, RegistrySerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:source-detail", lookup_field="key")
    published = VagueDateField("published")

    class Meta:
        model = Source
        fields = ["id", "url", "profile", "key", "title", "title_zh", "short_title", "publisher",
                  "kind", "published", "date_note", "language", "url", "read_url", "trust",
                  "citation", "notes"]  # fmt: skip


class FigureSerializer(RegistrySerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:figure-detail", lookup_field="key")
    metric = serializers.SlugRelatedField(slug_field="key", read_only=True)
    metric_name = serializers.CharField(source="metric.name", read_only=True)
    shown = serializers.CharField(source="display_value", read_only=True)
    as_of = VagueDateField("as_of")
    source = RelatedRecord("api:source-detail", lookup="key")
    source_trust = serializers.CharField(source="source.trust", read_only=True)
    zone = RelatedRecord("api:zone-detail")
    programme = RelatedRecord("api:programme-detail")

    class Meta:
        model = Figure
        fields = ["id", "url", "key", "topic", "metric", "metric_name", "value", "upper_value",
                  "unit", "qualifier", "printed", "shown", "as_of", "period_start", "zone",
                  "programme", "source", "source_trust", "locator", "quote",
                  "updated_at"]  # fmt: skip


class MilestoneSerializer(RegistrySerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:milestone-detail", lookup_field="key")
    date = VagueDateField("happened")
    source = RelatedRecord("api:source-detail", lookup="key")

    class Meta:
        model = Milestone
        fields = ["id", "url", "key", "date", "title", "title_zh", "description", "topic",
                  "source", "locator"]  # fmt: skip


class ClaimSerializer(RegistrySerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:claim-detail", lookup_field="key")
    zone = RelatedRecord("api:zone-detail")
    source = RelatedRecord("api:source-detail", lookup="key")
    source_trust = serializers.CharField(source="source.trust", read_only=True)

    class Meta:
        model = Claim
        fields = ["id", "url", "key", "zone", "field", "value", "printed", "standing", "source",
                  "source_trust", "locator", "quote", "notes"]  # fmt: skip


class SourceViewSet(RegistryViewSet):
    queryset = Source.objects.order_by("published_on", "title")
    lookup_field = "key"
    serializer_class = SourceSerializer
    filterset_class = SourceFilterSet
    ordering_fields = ["title", "published_on"]


class FigureViewSet(RegistryViewSet):
    queryset = (
        Figure.objects.published()
        .select_related("metric", "source", "zone", "programme")
        .order_by("topic", "metric__name", "key")
    )
    lookup_field = "key"
    serializer_class = FigureSerializer
    filterset_class = FigureFilterSet
    ordering_fields = ["key", "value", "as_of_on"]


class MilestoneViewSet(RegistryViewSet):
    queryset = (
        Milestone.objects.published().select_related("source").order_by("happened_on", "title")
    )
    lookup_field = "key"
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilterSet
    ordering_fields = ["happened_on", "title"]


class ClaimViewSet(RegistryViewSet):
    queryset = (
        Claim.objects.published()
        .filter(zone__publication=Publication.PUBLISHED)
        .select_related("zone", "source")
        .order_by("zone__name", "field", "key")
    )
    lookup_field = "key"
    serializer_class = ClaimSerializer
    filterset_class = ClaimFilterSet
    ordering_fields = ["key", "value"]
