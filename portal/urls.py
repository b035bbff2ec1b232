import re

from django.urls import path, re_path

from core.changes import FEED_SUFFIX
from portal import feeds, views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("changes/", views.RecentChangesView.as_view(), name="changes"),
    path(f"changes/{FEED_SUFFIX}", feeds.page_feed, {"page": "changes/"}, name="changes_feed"),
    # Any page that can be followed (a directory, a profile): its address and FEED_SUFFIX.
    re_path(rf"^(?P<page>.+/){re.escape(FEED_SUFFIX)}$", feeds.page_feed, name="page_feed"),
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
