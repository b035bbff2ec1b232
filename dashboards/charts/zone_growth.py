"""How many national high-tech zones (or bases, parks) there were, year by year."""

from django import forms
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from dashboards.charts.base import Chart, Point, figure_point
from figures.models import Figure, Source
from zones.models import Zone

# The metric that counts each kind of zone in the documents' figures.
ZONE_COUNT_METRICS = {
    Zone.Kind.STIP: "national-stips",
    Zone.Kind.SPECIALIZED_BASE: "specialized-industrial-bases",
    Zone.Kind.SOFTWARE_PARK: "software-parks",
    Zone.Kind.OVERSEAS_PARK: "overseas-science-parks",
    Zone.Kind.EXPORT_BASE: "export-bases",
}


class ZoneGrowth(Chart):
    slug = "zone-growth"
    title = _("Growth of the national high-tech zones")
    description = _(
        "How many zones of a kind there were, as the documents report it, and as the registry "
        "counts the zones whose approval date it knows."
    )
    chart_type = "line"

    class Selection(forms.Form):
        kind = forms.ChoiceField(
            label=_("Kind"),
            choices=[(kind, Zone.Kind(kind).label) for kind in ZONE_COUNT_METRICS],
            initial=Zone.Kind.STIP,
        )

    def unit(self):
        return pgettext("unit of a chart", "zones")

    def points(self):
        kind = self.selection["kind"]
        reported = (
            Figure.objects.published()
            .filter(metric__key=ZONE_COUNT_METRICS[kind], topic=kind)
            .select_related("source", "metric")
        )
        points = sorted(
            (
                figure_point(
                    figure, gettext("Reported by the documents"), str(figure.as_of.date.year)
                )
                for figure in reported
                if figure.as_of
            ),
            key=lambda point: point.label,
        )
        # Two reports for one year disagree: each keeps its own source's series, so both are drawn.
        years = [point.label for point in points]
        for point in points:
            if years.count(point.label) > 1:
                point.series = gettext("Reported by %(source)s") % {
                    "source": point.source.short_name
                }
        approvals = (
            Zone.objects.published()
            .filter(kind=kind, approved_on__isnull=False)
            .annotate(year=ExtractYear("approved_on"))
            .values("year")
            .annotate(count=Count("pk"))
            .order_by("year")
        )
        total = 0
        for row in approvals:
            total += row["count"]
            points.append(
                Point(
                    series=gettext("In the registry, by known approval date (cumulative)"),
                    label=str(row["year"]),
                    value=total,
                    unit=self.unit(),
                    as_of=str(row["year"]),
                    shown=str(total),
                    year=row["year"],
                )
            )
        return points

    def registry_sources(self):
        kind = self.selection["kind"]
        return Source.objects.filter(
            pk__in=Zone.objects.published()
            .filter(kind=kind, approved_on__isnull=False)
            .values("source")
        )

    def labels(self, points):
        """Every year from the first to the last, so the line's slope is true to time."""
        years = sorted(int(point.label) for point in points)
        return [str(year) for year in range(years[0], years[-1] + 1)] if years else []
