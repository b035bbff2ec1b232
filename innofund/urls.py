from django.urls import path

from innofund import views

app_name = "innofund"
urlpatterns = [
    path("innofund/", views.ProjectListView.as_view(), name="project_list"),
    path(
        "innofund/projects/<slug:slug>/", views.ProjectDetailView.as_view(), name="project_detail"
    ),
    path(
        "innofund/programmes/<slug:slug>/",
        views.ProgrammeDetailView.as_view(),
        name="programme_detail",
    ),
]
