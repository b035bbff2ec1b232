from django.utils.translation import gettext_lazy as _

from core.generic import ObjectDetailView, ObjectListView, related_records, unless_empty
from core.statistics import statistics_context
from incubators.filters import CompanyFilterSet, IncubatorFilterSet
from incubators.models import Company, Incubator, ServiceCenter
from incubators.tables import CompanyTable, IncubatorTable

STATISTICS_PLOTTED = ["tenants", "graduated_companies", "listed_companies"]
STATISTICS_SHOWN = [*STATISTICS_PLOTTED, "employees", "incubation_area_m2"]


class IncubatorListView(ObjectListView):
    queryset = Incubator.objects.published().select_related("province", "host_zone", "source")
    table_class = IncubatorTable
    filterset_class = IncubatorFilterSet
    description = _(
        "Technology business incubators (TBIs), university science parks, returned overseas "
        "scholars' parks, international and sector-specific incubators."
    )


class IncubatorDetailView(ObjectDetailView):
    queryset = Incubator.objects.published().select_related("province", "host_zone", "source")

    def get_context_data(self, **kwargs):
        incubator = self.object
        return super().get_context_data(
            companies=related_records(
                incubator.companies.published().select_related("province"),
                "incubators:company_list",
                incubator=incubator.slug,
            ),
            **statistics_context(incubator, STATISTICS_PLOTTED, STATISTICS_SHOWN),
            figures=unless_empty(incubator.figures.published().select_related("source", "metric")),
            milestones=unless_empty(incubator.milestones.published().select_related("source")),
            **kwargs,
        )


class CompanyListView(ObjectListView):
    queryset = Company.objects.published().select_related("province", "zone", "incubator", "source")
    table_class = CompanyTable
    filterset_class = CompanyFilterSet
    description = _(
        "Tech-based SMEs: incubator tenants and graduates, grant holders, listed companies."
    )


class CompanyDetailView(ObjectDetailView):
    queryset = Company.objects.published().select_related("province", "zone", "incubator", "source")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            projects=self.object.projects.published().select_related("programme"), **kwargs
        )


class ServiceCenterDetailView(ObjectDetailView):
    queryset = ServiceCenter.objects.select_related("province", "host_zone", "source")
    list_url_name = "incubators:incubator_list"
    list_title = _("Incubators")
