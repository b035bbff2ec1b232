from rest_framework import serializers

from core.api import (
    ProfileMixin,
    RegistrySerializer,
    RegistryViewSet,
    RelatedRecord,
    VagueDateField,
    api_url,
)
from incubators.filters import CompanyFilterSet, IncubatorFilterSet
from incubators.models import Company, Incubator


class IncubatorListSerializer(RegistrySerializer):
    url = api_url("incubator")
    province = RelatedRecord("api:province-detail")
    host_zone = RelatedRecord("api:zone-detail")
    founded = VagueDateField("founded")

    class Meta:
        model = Incubator
        fields = ["id", "url", "slug", "name", "name_zh", "kind", "province", "city", "host_zone",
                  "founded"]  # fmt: skip


class IncubatorSerializer(ProfileMixin, IncubatorListSerializer):
    accredited = VagueDateField("accredited")
    sectors = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    source = RelatedRecord("api:source-detail", lookup="key")
    statistics = serializers.SerializerMethodField()

    class Meta(IncubatorListSerializer.Meta):
        fields = [*IncubatorListSerializer.Meta.fields, "profile", "accredited", "website",
                  "sectors", "statistics", "source", "locator", "notes", "updated_at"]  # fmt: skip

    def get_statistics(self, incubator) -> list[dict]:
        return [
            {"year": row.year, "tenants": row.tenants, "graduated_companies": row.graduated_companies,
             "listed_companies": row.listed_companies, "source": row.source.key}
            for row in incubator.statistics.all()
        ]  # fmt: skip


class CompanyListSerializer(RegistrySerializer):
    url = api_url("company")
    province = RelatedRecord("api:province-detail")
    zone = RelatedRecord("api:zone-detail")
    incubator = RelatedRecord("api:incubator-detail")

    class Meta:
        model = Company
        fields = ["id", "url", "slug", "name", "name_zh", "province", "city", "zone", "incubator",
                  "listed_exchange"]  # fmt: skip


class CompanySerializer(ProfileMixin, CompanyListSerializer):
    graduated = VagueDateField("graduated")
    listed = VagueDateField("listed")
    sectors = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    source = RelatedRecord("api:source-detail", lookup="key")

    class Meta(CompanyListSerializer.Meta):
        fields = [*CompanyListSerializer.Meta.fields, "profile", "graduated", "stock_code",
                  "listed", "website", "sectors", "source", "locator", "notes",
                  "updated_at"]  # fmt: skip


class IncubatorViewSet(RegistryViewSet):
    queryset = (
        Incubator.objects.published()
        .select_related("province", "host_zone", "source")
        .prefetch_related("sectors", "statistics__source")
        .order_by("name")
    )
    serializer_class = IncubatorSerializer
    list_serializer_class = IncubatorListSerializer
    filterset_class = IncubatorFilterSet
    ordering_fields = ["name", "city", "founded_on", "updated_at"]


class CompanyViewSet(RegistryViewSet):
    queryset = (
        Company.objects.published()
        .select_related("province", "zone", "incubator", "source")
        .prefetch_related("sectors")
        .order_by("name")
    )
    serializer_class = CompanySerializer
    list_serializer_class = CompanyListSerializer
    filterset_class = CompanyFilterSet
    ordering_fields = ["name", "city", "listed_on", "updated_at"]
