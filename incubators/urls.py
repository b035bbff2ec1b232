from django.urls import path

from incubators import views

app_name = "incubators"
urlpatterns = [
    path("incubators/", views.IncubatorListView.as_view(), name="incubator_list"),
    path("incubators/<slug:slug>/", views.IncubatorDetailView.as_view(), name="incubator_detail"),
    path("companies/", views.CompanyListView.as_view(), name="company_list"),
    path("companies/<slug:slug>/", views.CompanyDetailView.as_view(), name="company_detail"),
    path(
        "service-centers/<slug:slug>/",
        views.ServiceCenterDetailView.as_view(),
        name="servicecenter_detail",
    ),
]
