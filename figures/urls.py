from django.urls import path

from figures import views

app_name = "figures"
urlpatterns = [
    path("sources/", views.SourceListView.as_view(), name="source_list"),
    path("sources/<slug:key>/", views.SourceDetailView.as_view(), name="source_detail"),
]
