from rest_framework import serializers

from core.api import (
    ProfileMixin,
    RegistrySerializer,
    RegistryViewSet,
    RelatedRecord,
    VagueDateField,
    api_url,
)
from innofund.filters import ProgrammeFilterSet, ProjectFilterSet
from innofund.models import Programme, Project


class ProgrammeSerializer(ProfileMixin, RegistrySerializer):
    url = api_url("programme")
    parent = RelatedRecord("api:programme-detail")
    launched = VagueDateField("launched")
    source = RelatedRecord("api:source-detail", lookup="key")

    class Meta:
        model = Programme
        fields = ["id", "url", "profile", "slug", "name", "name_zh", "short_name", "parent",
                  "launched", "established_by", "description", "website", "source", "locator",
                  "updated_at"]  # fmt: skip


class ProjectListSerializer(RegistrySerializer):
    url = api_url("project")
    programme = RelatedRecord("api:programme-detail")
    company = RelatedRecord("api:company-detail")

    class Meta:
        model = Project
        fields = ["id", "url", "slug", "name", "name_zh", "programme", "company", "year",
                  "amount", "currency"]  # fmt: skip


class ProjectSerializer(ProfileMixin, ProjectListSerializer):
    sector = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    province = RelatedRecord("api:province-detail")
    source = RelatedRecord("api:source-detail", lookup="key")

    class Meta(ProjectListSerializer.Meta):
        fields = [*ProjectListSerializer.Meta.fields, "profile", "code", "sector", "province",
                  "funding_type", "status", "source", "locator", "notes", "updated_at"]  # fmt: skip


class ProgrammeViewSet(RegistryViewSet):
    queryset = Programme.objects.select_related("parent", "source").order_by("name")
    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilterSet
    ordering_fields = ["name", "launched_on"]


class ProjectViewSet(RegistryViewSet):
    queryset = (
        Project.objects.published()
        .select_related("programme", "company", "sector", "province", "source")
        .order_by("-year", "name")
    )
    serializer_class = ProjectSerializer
    list_serializer_class = ProjectListSerializer
    filterset_class = ProjectFilterSet
    ordering_fields = ["year", "name", "amount", "updated_at"]
