"""The dashboards' pages: all charts at a glance, each chart's own page (its permalink), and each
chart's numbers as JSON or CSV."""

from urllib.parse import urlencode

from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext, pgettext_lazy
from django.views import View
from django.views.generic import TemplateView

from core.exports import csv_response, download_name
from core.generic import home_crumb
from core.html import chart_rows
from core.security import framed_by_any_site
from dashboards.charts import CHARTS


def chart_context(chart, request) -> dict:
    """What a chart's block on a page needs: its selection form, its data, and its addresses."""
    payload = chart.kept("payload", chart.payload) if chart.is_valid() else None
    # The selection the chart actually shows, defaults included, so a permalink keeps it.
    query = urlencode(payload["selection"]) if payload else request.GET.urlencode()
    query = f"?{query}" if query else ""
    permalink = request.build_absolute_uri(f"{chart.url()}{query}")
    return {
        "chart": chart,
        "payload": payload,
        "json_url": f"{reverse('dashboard_data', args=[chart.slug, 'json'])}{query}",
        "csv_url": f"{reverse('dashboard_data', args=[chart.slug, 'csv'])}{query}",
        "permalink": permalink,
        "embed_url": request.build_absolute_uri(f"{chart.url('dashboard_embed')}{query}"),
        "image": image_text(payload, permalink) if payload else None,
        # The data table's rows, written once a data version (a few hundred cells a page).
        "table_body": chart.kept(
            "table", lambda: chart_rows(payload["rows"], gettext("Registry records"))
        )
        if payload
        else "",
        "tiles": chart.kept("tiles", chart.tiles) if payload and hasattr(chart, "tiles") else None,
        "other_figures": chart.kept("other figures", chart.other_figures)
        if payload and hasattr(chart, "other_figures")
        else None,
    }


def sources_line(payload: dict) -> str:
    """The chart's sources in one line, each with its trust, as its block lists them."""
    titles = [
        f"{source['title']} ({source['trust_label']})" if source["trust_label"] else source["title"]
        for source in payload["sources"]
    ]
    return f"{gettext('Sources:')} {'; '.join(titles)}" if titles else ""


def image_text(payload: dict, permalink: str) -> dict:
    """The words the "Download image" button draws around the chart, in the page's language:
    the script that draws them holds no words of its own."""
    about = f"{gettext('Unit:')} {payload['unit']}"
    if payload["period"]:
        about += f" · {gettext('Period:')} {payload['period']}"
    return {
        "title": payload["title"],
        "about": about,
        "notes": [line for line in (sources_line(payload), permalink) if line]
        + [gettext("CC BY 4.0, Torch Portal")],
        "filename": f"{download_name(payload['slug'])}.png",
    }


def chart_for(slug: str, request):
    """The chart of this address, with the selection in its query string."""
    chart_class = CHARTS.get(slug)
    if chart_class is None:
        raise Http404("There is no such chart.")
    return chart_class(request.GET)


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
        chart = chart_for(kwargs["slug"], self.request)
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


@method_decorator(framed_by_any_site, name="dispatch")
class ChartEmbedView(TemplateView):
    """One chart with the selection in its URL, alone on a page made to be shown inside other
    sites (the only pages any site may frame): its title, unit, numbers, sources and a link to
    its permalink here."""

    template_name = "dashboards/embed.html"

    def get_context_data(self, **kwargs):
        chart = chart_for(kwargs["slug"], self.request)
        return super().get_context_data(panel=chart_context(chart, self.request), **kwargs)


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
        if data_format not in ("json", "csv"):
            raise Http404("There is no such format.")
        chart = chart_for(slug, request)
        if not chart.is_valid():
            return JsonResponse({"errors": chart.form.errors}, status=400)
        payload = {
            **chart.kept("payload", chart.payload),
            "permalink": request.build_absolute_uri(f"{chart.url()}?{request.GET.urlencode()}"),
        }
        if data_format == "json":
            return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
        rows = [[str(header) for header in CSV_COLUMNS.values()]] + [
            [row[column] for column in CSV_COLUMNS] for row in payload["rows"]
        ]
        return csv_response(rows, download_name(slug))
