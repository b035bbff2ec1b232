from rest_framework import serializers

from core.api import (
    ProfileMixin,
    RegistrySerializer,
    RegistryViewSet,
    RelatedRecord,
    VagueDateField,
    api_url,
)
from zones.filters import ProvinceFilterSet, SectorFilterSet, ZoneFilterSet, ZoneStatisticsFilterSet
from zones.models import Province, Sector, Zone, ZoneStatistics


class ProvinceSerializer(ProfileMixin, RegistrySerializer):
    url = api_url("province")

    class Meta:
        model = Province
        fields = ["id", "url", "profile", "slug", "code", "name", "name_zh", "region"]


class SectorSerializer(RegistrySerializer):
    url = api_url("sector")

    class Meta:
        model = Sector
        fields = ["id", "url", "slug", "name", "name_zh", "description"]


class ZoneListSerializer(RegistrySerializer):
    url = api_url("zone")
    province = RelatedRecord("api:province-detail")
    approved = VagueDateField("approved")

    class Meta:
        model = Zone
        fields = ["id", "url", "slug", "name", "name_zh", "kind", "province", "city", "approved",
                  "status"]  # fmt: skip


class ZoneSerializer(ProfileMixin, ZoneListSerializer):
    parent = RelatedRecord("api:zone-detail")
    sectors = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    source = RelatedRecord("api:source-detail", lookup="key")

    class Meta(ZoneListSerializer.Meta):
        fields = [*ZoneListSerializer.Meta.fields, "profile", "other_names", "list_number",
                  "approving_body", "website", "sectors", "parent", "source", "locator", "notes",
                  "updated_at"]  # fmt: skip


class ZoneStatisticsSerializer(RegistrySerializer):
    zone = RelatedRecord("api:zone-detail")
    source = RelatedRecord("api:source-detail", lookup="key")

    class Meta:
        model = ZoneStatistics
        fields = ["id", "zone", "year", "enterprises", "high_tech_enterprises", "employees",
                  "currency", "revenue", "industrial_value_added", "exports", "rd_expenditure",
                  "source", "locator", "updated_at"]  # fmt: skip


class ProvinceViewSet(RegistryViewSet):
    queryset = Province.objects.order_by("code")
    serializer_class = ProvinceSerializer
    filterset_class = ProvinceFilterSet
    ordering_fields = ["code", "name"]


class SectorViewSet(RegistryViewSet):
    queryset = Sector.objects.order_by("name")
    serializer_class = SectorSerializer
    filterset_class = SectorFilterSet
    ordering_fields = ["name"]


class ZoneViewSet(RegistryViewSet):
    queryset = (
        Zone.objects.published()
        .select_related("province", "parent", "source")
        .prefetch_related("sectors")
        .order_by("kind", "list_number", "name")
    )
    serializer_class = ZoneSerializer
    list_serializer_class = ZoneListSerializer
    filterset_class = ZoneFilterSet
    ordering_fields = ["name", "kind", "list_number", "city", "approved_on", "updated_at"]


class ZoneStatisticsViewSet(RegistryViewSet):
    queryset = (
        ZoneStatistics.objects.published()
        .select_related("zone", "source")
        .order_by("zone__name", "year")
    )
    lookup_field = "pk"
    serializer_class = ZoneStatisticsSerializer
    filterset_class = ZoneStatisticsFilterSet
    ordering_fields = ["year", "enterprises", "employees", "revenue"]
