from django.utils.translation import gettext_lazy as _

from core.cache import kept
from core.generic import ObjectDetailView, ObjectListView, related_records, unless_empty
from innofund.filters import ProjectFilterSet
from innofund.models import Programme, Project
from innofund.tables import ProjectTable


class ProjectListView(ObjectListView):
    queryset = Project.objects.published().select_related(
        "company", "programme", "sector", "province", "source"
    )
    table_class = ProjectTable
    filterset_class = ProjectFilterSet
    template_name = "innofund/project_list.html"
    title = _("Innofund projects")
    description = _(
        "Grants and awards of the Innovation Fund for Tech-based SMEs (Innofund) and the "
        "programmes around it."
    )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            programmes=kept("programme tree", programme_tree),  # on every page of the list
            **kwargs,
        )


def programme_tree() -> list[Programme]:
    """The programmes and their children (prefetched), as the list of projects names them."""
    return list(Programme.objects.filter(parent=None).prefetch_related("children"))


class ProjectDetailView(ObjectDetailView):
    queryset = Project.objects.published().select_related(
        "company", "programme", "sector", "province", "source"
    )
    list_title = _("Innofund projects")


class ProgrammeDetailView(ObjectDetailView):
    queryset = Programme.objects.select_related("parent", "source")
    list_url_name = "innofund:project_list"
    list_title = _("Innofund")

    def get_context_data(self, **kwargs):
        programme = self.object
        return super().get_context_data(
            children=related_records(programme.children.all()),
            projects=related_records(
                programme.projects.published().select_related("company", "province"),
                "innofund:project_list",
                programme=programme.slug,
            ),
            figures=unless_empty(programme.figures.published().select_related("source", "metric")),
            milestones=unless_empty(programme.milestones.published().select_related("source")),
            **kwargs,
        )
