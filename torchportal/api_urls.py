"""The API's addresses: /api/v1/ (endpoints), /api/schema/ (OpenAPI 3), /api/docs/ (its docs)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from figures.api import FigureViewSet, MilestoneViewSet, SourceViewSet
from incubators.api import CompanyViewSet, IncubatorViewSet
from innofund.api import ProgrammeViewSet, ProjectViewSet
from zones.api import ProvinceViewSet, SectorViewSet, ZoneStatisticsViewSet, ZoneViewSet

router = DefaultRouter()
for prefix, viewset, basename in [
    ("provinces", ProvinceViewSet, "province"),
    ("sectors", SectorViewSet, "sector"),
    ("zones", ZoneViewSet, "zone"),
    ("zone-statistics", ZoneStatisticsViewSet, "zonestatistics"),
    ("incubators", IncubatorViewSet, "incubator"),
    ("companies", CompanyViewSet, "company"),
    ("programmes", ProgrammeViewSet, "programme"),
    ("projects", ProjectViewSet, "project"),
    ("sources", SourceViewSet, "source"),
    ("figures", FigureViewSet, "figure"),
    ("milestones", MilestoneViewSet, "milestone"),
]:
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("v1/", include((router.urls, "api"), namespace="api")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
