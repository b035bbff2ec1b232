from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from torchportal.security import healthz
from torchportal.views import (
    ChartDataView,
    ChartView,
    DashboardView,
    DownloadsView,
    HomeView,
    SearchView,
    data_package_download,
    giving_download,
    ping,
)

# Pages are English at their plain address and Chinese under /zh-hans/, so a link keeps its
# language. The API speaks data (codes and English field names) at one address.
urlpatterns = [
    path("api/", include("torchportal.api_urls")),
    path("ping", ping, name="ping"),
    path("healthz", healthz, name="healthz"),
]
urlpatterns += i18n_patterns(
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
    path(settings.ADMIN_PATH, admin.site.urls),
    prefix_default_language=False,
)

handler500 = "torchportal.security.server_error"
