from urllib.parse import urlencode

from django.db.models import Count
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from figures.filters import SourceFilterSet
from figures.models import Figure, Milestone, Source
from incubators.filters import CompanyFilterSet, IncubatorFilterSet
from incubators.models import Company, Incubator
from innofund.filters import ProjectFilterSet
from innofund.models import Project
from torchportal.dashboards import CHARTS
from torchportal.downloads import TABLES, data_package, giving_rows
from torchportal.exports import csv_response, download_name
from torchportal.generic import home_crumb
from zones.filters import ProvinceFilterSet, ZoneFilterSet
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
        figures = (
            Figure.objects.published()
            .filter(key__in=HEADLINE_FIGURES)
            .select_related("source", "metric", "zone", "incubator", "programme")
        )
        order = {key: index for index, key in enumerate(HEADLINE_FIGURES)}
        zone_kinds = dict(Zone.objects.published().values_list("kind").annotate(count=Count("pk")))
        return super().get_context_data(
            headline_figures=sorted(figures, key=lambda figure: order[figure.key]),
            milestones=Milestone.objects.select_related("source"),
            directories=[
                (gettext("Zones"), "zones:zone_list", sum(zone_kinds.values())),
                (
                    gettext("Incubators"),
                    "incubators:incubator_list",
                    Incubator.objects.published().count(),
                ),
                (
                    gettext("Companies"),
                    "incubators:company_list",
                    Company.objects.published().count(),
                ),
                (
                    gettext("Innofund projects"),
                    "innofund:project_list",
                    Project.objects.published().count(),
                ),
                (gettext("Provinces"), "zones:province_list", Province.objects.count()),
                (gettext("Sources"), "figures:source_list", Source.objects.count()),
            ],
            stip_count=zone_kinds.get(Zone.Kind.STIP, 0),
            **kwargs,
        )


SEARCHED = [
    (
        _("Zones"),
        "zones:zone_list",
        Zone.objects.published().select_related("province"),
        ZoneFilterSet,
    ),
    # Provinces too, so that "北京" or "Beijing" finds Beijing itself, not only its zones.
    (_("Provinces"), "zones:province_list", Province.objects.all(), ProvinceFilterSet),
    (
        _("Incubators"),
        "incubators:incubator_list",
        Incubator.objects.published().select_related("province"),
        IncubatorFilterSet,
    ),
    (
        _("Companies"),
        "incubators:company_list",
        Company.objects.published().select_related("province"),
        CompanyFilterSet,
    ),
    (
        _("Innofund projects"),
        "innofund:project_list",
        Project.objects.published().select_related("company"),
        ProjectFilterSet,
    ),
    (_("Sources"), "figures:source_list", Source.objects.all(), SourceFilterSet),
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
                filterset = filterset_class({"q": query}, queryset=queryset)
                if not filterset.is_valid():
                    continue
                matches = filterset.qs
                groups.append(
                    {
                        "label": str(label),
                        "records": matches[:RESULTS_PER_KIND],
                        "count": matches.count(),
                        "more_url": f"{reverse(list_name)}?{urlencode({'q': query})}",
                    }
                )
        return super().get_context_data(
            query=query,
            groups=groups,
            total=sum(group["count"] for group in groups),
            title=gettext("Search: %(query)s") % {"query": query} if query else gettext("Search"),
            breadcrumbs=[home_crumb(), (gettext("Search"), None)],
            **kwargs,
        )


def chart_context(chart, request) -> dict:
    """What a chart's block on a page needs: its selection form, its data, and its addresses."""
    payload = chart.payload() if chart.is_valid() else None
    # The selection the chart actually shows, defaults included, so a permalink keeps it.
    query = urlencode(payload["selection"]) if payload else request.GET.urlencode()
    return {
        "chart": chart,
        "payload": payload,
        "json_url": f"{reverse('dashboard_data', args=[chart.slug, 'json'])}?{query}",
        "csv_url": f"{reverse('dashboard_data', args=[chart.slug, 'csv'])}?{query}",
        "permalink": request.build_absolute_uri(f"{chart.url()}?{query}"),
        "tiles": chart.tiles() if payload and hasattr(chart, "tiles") else None,
        "other_figures": chart.other_figures()
        if payload and hasattr(chart, "other_figures")
        else None,
    }


class DashboardView(TemplateView):
    """Every chart at its default selection, each leading to its own page."""

    template_name = "dashboards/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=gettext("Dashboards"),
            breadcrumbs=[home_crumb(), (gettext("Dashboards"), None)],
            panels=[chart_context(chart(), self.request) for chart in CHARTS.values()],
            **kwargs,
        )


class ChartView(TemplateView):
    """One chart with the selection in its URL: the permalink."""

    template_name = "dashboards/chart.html"

    def get_context_data(self, **kwargs):
        chart_class = CHARTS.get(kwargs["slug"])
        if chart_class is None:
            raise Http404("There is no such chart.")
        chart = chart_class(self.request.GET)
        return super().get_context_data(
            title=chart.title,
            breadcrumbs=[
                home_crumb(),
                (gettext("Dashboards"), reverse("dashboards")),
                (chart.title, None),
            ],
            panel=chart_context(chart, self.request),
            **kwargs,
        )


# A chart's CSV: each row's key, and its column's heading in the reader's language.
CSV_COLUMNS = {
    "series": pgettext_lazy("column of a chart's CSV download", "series"),
    "label": pgettext_lazy("column of a chart's CSV download", "label"),
    "value": pgettext_lazy("column of a chart's CSV download", "value"),
    "unit": pgettext_lazy("column of a chart's CSV download", "unit"),
    "qualifier": pgettext_lazy("column of a chart's CSV download", "qualifier"),
    "as_of": pgettext_lazy("column of a chart's CSV download", "as_of"),
    "source": pgettext_lazy("column of a chart's CSV download", "source"),
    "locator": pgettext_lazy("column of a chart's CSV download", "locator"),
}


class ChartDataView(View):
    """Exactly the plotted numbers, as JSON (what the page draws) or CSV, with their sources."""

    def get(self, request, slug, data_format):
        chart_class = CHARTS.get(slug)
        if chart_class is None or data_format not in ("json", "csv"):
            raise Http404("There is no such chart or format.")
        chart = chart_class(request.GET)
        if not chart.is_valid():
            return JsonResponse({"errors": chart.form.errors}, status=400)
        payload = chart.payload()
        payload["permalink"] = request.build_absolute_uri(
            f"{chart.url()}?{request.GET.urlencode()}"
        )
        if data_format == "json":
            return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
        rows = [[str(header) for header in CSV_COLUMNS.values()]] + [
            [row[column] for column in CSV_COLUMNS] for row in payload["rows"]
        ]
        return csv_response(rows, download_name(slug))


class DownloadsView(TemplateView):
    """The open data: the whole dataset, the grants in 360Giving's columns, and the API."""

    template_name = "torchportal/downloads.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=gettext("Open data"),
            breadcrumbs=[home_crumb(), (gettext("Open data"), None)],
            tables=TABLES,
            **kwargs,
        )


@require_safe
def data_package_download(request):
    response = HttpResponse(data_package(), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="{download_name("torch-portal-data")}.zip"'
    )
    return response


@require_safe
def giving_download(request):
    return csv_response(giving_rows(), download_name("innofund-360giving"))


@require_safe
def ping(request):
    """The cheapest answer the server gives: liveness for load balancers, and the benchmark's
    baseline (no database, no template)."""
    return HttpResponse("ok", content_type="text/plain")
