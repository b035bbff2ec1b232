"""The API's addresses: /api/v1/ (an endpoint for each registry model that declares a viewset),
/api/schema/ (OpenAPI 3) and /api/docs/ (its documentation)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from core.registry import entries

router = DefaultRouter()
for entry in entries():
    if entry.api:
        router.register(entry.name, entry.api_viewset, basename=entry.model._meta.model_name)

urlpatterns = [
    path("v1/", include((router.urls, "api"), namespace="api")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
