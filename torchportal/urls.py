from django.contrib import admin
from django.urls import include, path

from torchportal.views import ChartDataView, ChartView, DashboardView, HomeView, SearchView

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
    path("admin/", admin.site.urls),
]
