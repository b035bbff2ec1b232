from django.urls import path

from dashboards import views

urlpatterns = [
    path("dashboards/", views.DashboardView.as_view(), name="dashboards"),
    path("dashboards/<slug:slug>/", views.ChartView.as_view(), name="dashboard_chart"),
    path("dashboards/<slug:slug>/embed/", views.ChartEmbedView.as_view(), name="dashboard_embed"),
    path(
        "dashboards/<slug:slug>.<str:data_format>",
        views.ChartDataView.as_view(),
        name="dashboard_data",
    ),
]
