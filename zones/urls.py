from django.urls import path

from zones import views

app_name = "zones"
urlpatterns = [
    path("zones/", views.ZoneListView.as_view(), name="zone_list"),
    path("zones/<slug:slug>/", views.ZoneDetailView.as_view(), name="zone_detail"),
    path("provinces/", views.ProvinceListView.as_view(), name="province_list"),
    path("provinces/<slug:slug>/", views.ProvinceDetailView.as_view(), name="province_detail"),
]
