from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.views.generic import TemplateView

from figures.filters import SourceFilterSet
from figures.models import Figure, Milestone, Source
from incubators.filters import CompanyFilterSet, IncubatorFilterSet
from incubators.models import Company, Incubator
from innofund.filters import ProjectFilterSet
from innofund.models import Project
from torchportal.generic import home_crumb
from zones.filters import ZoneFilterSet
from zones.models import Province, Zone

# The figures the home page leads with, by key, in this order.
HEADLINE_FIGURES = [
    "national-high-tech-zones-2024",
    "high-tech-zones-share-industrial-value-added-2024",
    "stips-count-c2007",
    "stip-employees-2006",
    "tbis-count",
    "tbi-tenant-companies",
    "innofund-projects",
    "innofund-funding-total",
    "bases-ratified-1995-2005",
    "software-parks-count",
    "productivity-centers-2005",
    "technology-transaction-volume-2005",
]


class HomeView(TemplateView):
    """The program at a glance: headline figures with their sources, milestones, ways in."""

    template_name = "torchportal/home.html"

    def get_context_data(self, **kwargs):
        figures = Figure.objects.filter(key__in=HEADLINE_FIGURES).select_related(
            "source", "metric", "zone", "incubator", "programme"
        )
        order = {key: index for index, key in enumerate(HEADLINE_FIGURES)}
        zone_kinds = dict(Zone.objects.values_list("kind").annotate(count=Count("pk")))
        return super().get_context_data(
            headline_figures=sorted(figures, key=lambda figure: order[figure.key]),
            milestones=Milestone.objects.select_related("source"),
            directories=[
                ("Zones", "zones:zone_list", sum(zone_kinds.values())),
                ("Incubators", "incubators:incubator_list", Incubator.objects.count()),
                ("Companies", "incubators:company_list", Company.objects.count()),
                ("Innofund projects", "innofund:project_list", Project.objects.count()),
                ("Provinces", "zones:province_list", Province.objects.count()),
                ("Sources", "figures:source_list", Source.objects.count()),
            ],
            stip_count=zone_kinds.get(Zone.Kind.STIP, 0),
            **kwargs,
        )


SEARCHED = [
    ("Zones", "zones:zone_list", Zone.objects.select_related("province"), ZoneFilterSet),
    (
        "Incubators",
        "incubators:incubator_list",
        Incubator.objects.select_related("province"),
        IncubatorFilterSet,
    ),
    (
        "Companies",
        "incubators:company_list",
        Company.objects.select_related("province"),
        CompanyFilterSet,
    ),
    (
        "Innofund projects",
        "innofund:project_list",
        Project.objects.select_related("company"),
        ProjectFilterSet,
    ),
    ("Sources", "figures:source_list", Source.objects.all(), SourceFilterSet),
]
RESULTS_PER_KIND = 10


class SearchView(TemplateView):
    """One search box over every directory, in English or Chinese; each directory's own search
    (its FilterSet) does the matching, so the results agree with the directory's."""

    template_name = "torchportal/search.html"

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()[:200]
        groups = []
        if query:
            for label, list_name, queryset, filterset_class in SEARCHED:
                matches = filterset_class({"q": query}, queryset=queryset).qs
                groups.append(
                    {
                        "label": label,
                        "records": matches[:RESULTS_PER_KIND],
                        "count": matches.count(),
                        "more_url": f"{reverse(list_name)}?{urlencode({'q': query})}",
                    }
                )
        return super().get_context_data(
            query=query,
            groups=groups,
            total=sum(group["count"] for group in groups),
            title=f"Search: {query}" if query else "Search",
            breadcrumbs=[home_crumb(), ("Search", None)],
            **kwargs,
        )
