"""How many national high-tech zones (or bases, parks) there were, year by year."""

from django import forms
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from dashboards.charts.base import Chart, Point, reported_points, year_labels
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
        "How many zones of a kind there were, as each source reports it (where sources disagree, "
        "the other counts are drawn as points beside the line), and as the registry counts the "
        "zones whose approval date it knows."
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
        points = reported_points(
            reported,
            gettext("Reported by the sources"),
            gettext("Reported otherwise by another source"),
        )
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
        return year_labels(points)
