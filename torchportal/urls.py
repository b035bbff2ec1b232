from django.contrib import admin
from django.urls import include, path

from torchportal.views import HomeView, SearchView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("search/", SearchView.as_view(), name="search"),
    path("", include("zones.urls")),
    path("", include("incubators.urls")),
    path("", include("innofund.urls")),
    path("", include("figures.urls")),
    path("admin/", admin.site.urls),
]
