from django.urls import path

from portal import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("downloads/", views.DownloadsView.as_view(), name="downloads"),
    path(
        "downloads/torch-portal-data.zip",
        views.prebuilt_download,
        {"kind": "data-package"},
        name="data_package",
    ),
    path(
        "downloads/innofund-360giving.csv",
        views.prebuilt_download,
        {"kind": "giving"},
        name="giving_csv",
    ),
    path("downloads/releases/", views.ReleaseListView.as_view(), name="releases"),
    path("downloads/releases/<int:number>/", views.ReleaseDetailView.as_view(), name="release"),
    path(
        "downloads/releases/<int:number>/<str:filename>",
        views.release_file,
        name="release_file",
    ),
]
