from django.contrib import admin
from django.urls import include, path

from torchportal.views import (
    ChartDataView,
    ChartView,
    DashboardView,
    DownloadsView,
    HomeView,
    SearchView,
    data_package_download,
    giving_download,
)

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("search/", SearchView.as_view(), name="search"),
    path("dashboards/", DashboardView.as_view(), name="dashboards"),
    path("dashboards/<slug:slug>/", ChartView.as_view(), name="dashboard_chart"),
    path(
        "dashboards/<slug:slug>.<str:data_format>",
        ChartDataView.as_view(),
        name="dashboard_data",
    ),
    path("", include("zones.urls")),
    path("", include("incubators.urls")),
    path("", include("innofund.urls")),
    path("", include("figures.urls")),
    path("downloads/", DownloadsView.as_view(), name="downloads"),
    path("downloads/torch-portal-data.zip", data_package_download, name="data_package"),
    path("downloads/innofund-360giving.csv", giving_download, name="giving_csv"),
    path("api/", include("torchportal.api_urls")),
    path("admin/", admin.site.urls),
]
