"""The national high-tech zones' annual statistics: the national totals the sources report, and
the registry's per-zone statistics added up by year, as totals or growth. The two are different
things (a reported total covers every zone; a sum covers the zones the registry has figures
for) and are never drawn in one line."""

from collections import defaultdict
from decimal import Decimal

from django import forms
from django.db.models import Count, Sum
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.filters import listed
from dashboards.charts.base import (
    Chart,
    Point,
    choices_with_all,
    reported_points,
    with_all,
    year_labels,
)
from figures.models import Figure, Source, Topic
from zones.models import Province, Zone, ZoneStatistics

YUAN = pgettext_lazy("unit of a chart", "yuan (CNY)")
MONEY_STATISTICS = {"revenue", "industrial_value_added", "exports", "rd_expenditure"}
# The metric of the sources' national totals for each statistic, and its unit. GDP (生产总值),
# output and profit have no per-zone statistic in the registry: they are reported totals only.
REPORTED_METRICS = {
    "enterprises": ("stip-tenant-companies", Figure.Unit.COUNT),
    "high_tech_enterprises": ("stip-high-tech-enterprises", Figure.Unit.COUNT),
    "employees": ("stip-employees", Figure.Unit.COUNT),
    "revenue": ("stip-revenue", Figure.Unit.CNY),
    "gdp": ("stip-gdp", Figure.Unit.CNY),
    "industrial_output": ("stip-industrial-output", Figure.Unit.CNY),
    "industrial_value_added": ("stip-value-added", Figure.Unit.CNY),
    "profit": ("stip-profit", Figure.Unit.CNY),
    "net_profit": ("stip-net-profit", Figure.Unit.CNY),
    "taxes": ("stip-taxes", Figure.Unit.CNY),
    "exports": ("stip-exports", Figure.Unit.CNY),
    "exports_usd": ("stip-exports", Figure.Unit.USD),
    "rd_expenditure": ("stip-rd-expenditure", Figure.Unit.CNY),
}


class ZoneStatisticsTrend(Chart):
    slug = "zone-statistics"
    title = _("Zones' annual statistics")
    description = _(
        "First, the national high-tech zones' national totals as the sources report them, year by "
        "year (where sources disagree, the other values are points beside the line). Or, chosen "
        "under Basis: the registry's per-zone statistics added up by year, for all zones or a "
        "kind, province or zone, as totals or as growth; such a sum covers only the zones the "
        "registry has figures for (their number is in the table). Revenue and GDP are different "
        "series."
    )
    chart_type = "line"

    STATISTICS = [
        ("enterprises", _("Enterprises"), pgettext_lazy("unit of a chart", "enterprises")),
        (
            "high_tech_enterprises",
            _("High-tech enterprises"),
            pgettext_lazy("unit of a chart", "enterprises"),
        ),
        ("employees", _("Employees"), pgettext_lazy("unit of a chart", "people")),
        ("revenue", _("Revenue"), YUAN),
        (
            "industrial_value_added",
            _("Industrial value added"),
            YUAN,
        ),
        ("exports", _("Exports"), YUAN),
        ("rd_expenditure", _("R&D expenditure"), YUAN),
        # Reported national totals only.
        ("gdp", _("GDP of the zones (生产总值), reported totals only"),
         YUAN),
        ("industrial_output", _("Gross industrial output, reported totals only"),
         YUAN),
        ("profit", _("Profit, reported totals only"),
         YUAN),
        ("net_profit", _("Net profit, reported totals only"),
         YUAN),
        ("taxes", _("Taxes paid, reported totals only"),
         YUAN),
        ("exports_usd", _("Exports in US dollars, reported totals only"),
         pgettext_lazy("unit of a chart", "US dollars")),
    ]  # fmt: skip
    REGISTRY_STATISTICS = {field.name for field in ZoneStatistics._meta.fields}

    class Selection(forms.Form):
        basis = forms.ChoiceField(
            label=_("Basis"),
            choices=[
                ("reported", _("National totals the sources report")),
                ("registry", _("Sums of the registry's per-zone statistics")),
            ],
            initial="reported",
        )
        statistic = forms.ChoiceField(label=_("Statistic"), initial="revenue", choices=[])
        kind = forms.ChoiceField(
            label=_("Kind"),
            choices=choices_with_all(Zone.Kind.choices, _("All kinds")),
            initial="",
            required=False,
        )
        province = forms.ChoiceField(
            choices=with_all(listed(Province, "code")), required=False, label=_("Province")
        )
        # Typed, not picked: a list of thousands of zones would be most of the page.
        zone = forms.ModelChoiceField(
            Zone.objects.published(),
            to_field_name="slug",
            required=False,
            label=_("Zone"),
            widget=forms.TextInput(attrs={"placeholder": _("its address name, as in its link")}),
        )
        view = forms.ChoiceField(
            label=_("View"),
            choices=[("absolute", _("Totals")), ("growth", _("Growth on the year before (%)"))],
            initial="absolute",
        )
        year_from = forms.IntegerField(
            label=_("Year from"), required=False, min_value=1949, max_value=2100
        )
        year_to = forms.IntegerField(
            label=_("Year to"), required=False, min_value=1949, max_value=2100
        )

    Selection.base_fields["statistic"].choices = [(key, label) for key, label, _unit in STATISTICS]

    def reported(self) -> bool:
        return self.selection["basis"] == "reported"

    def unit(self):
        if self.selection["view"] == "growth" and not self.reported():
            return pgettext("unit of a chart", "% on the year before")
        return {key: unit for key, _label, unit in self.STATISTICS}[self.selection["statistic"]]

    def reported_figures(self):
        metric, unit = REPORTED_METRICS[self.selection["statistic"]]
        figures = Figure.objects.published().filter(
            topic=Topic.STIP, metric__key=metric, unit=unit, zone=None, period_start=None
        )
        figures = self.within_years(figures, "as_of_on__year")
        return figures.select_related("source", "metric")

    def statistics(self):
        selection = self.selection
        if selection["statistic"] not in self.REGISTRY_STATISTICS:
            return ZoneStatistics.objects.none()
        rows = ZoneStatistics.objects.published().filter(
            **{f"{selection['statistic']}__isnull": False}
        )
        if selection["kind"]:
            rows = rows.filter(zone__kind=selection["kind"])
        if selection["province"]:
            rows = rows.filter(zone__province__slug=selection["province"])
        if selection["zone"]:
            rows = rows.filter(zone=selection["zone"])
        rows = self.within_years(rows, "year")
        if selection["statistic"] in MONEY_STATISTICS:
            rows = rows.filter(currency="CNY")  # amounts in one currency only
        return rows

    def points(self):
        statistic = self.selection["statistic"]
        label = str({key: name for key, name, _unit in self.STATISTICS}[statistic])
        if self.reported():
            return reported_points(
                self.reported_figures(),
                gettext("%(statistic)s: national total reported") % {"statistic": label},
                gettext("%(statistic)s: reported otherwise") % {"statistic": label},
            )
        if self.selection["view"] == "growth":
            return self.growth_points(statistic, label)
        totals = (
            self.statistics()
            .values("year")
            .annotate(total=Sum(statistic), zones=Count("zone"))
            .order_by("year")
        )
        return [
            Point(series=label, label=str(row["year"]), value=row["total"], unit=self.unit(),
                  as_of=str(row["year"]), locator=zones_reporting(row["zones"]),
                  shown=f"{row['total']:,.0f}", year=row["year"])
            for row in totals
        ]  # fmt: skip

    def growth_points(self, statistic: str, label: str) -> list[Point]:
        """Growth on the year before, over the zones that reported in both years only, so that
        a zone joining the statistics is not counted as growth."""
        by_year = defaultdict(dict)
        for zone, year, value in self.statistics().values_list("zone", "year", statistic):
            by_year[year][zone] = value
        points = []
        for year in sorted(by_year):
            both = by_year[year].keys() & by_year.get(year - 1, {}).keys()
            before = sum(by_year[year - 1][zone] for zone in both) if both else 0
            if not before:
                continue
            after = sum(by_year[year][zone] for zone in both)
            growth = ((Decimal(after) / Decimal(before) - 1) * 100).quantize(Decimal("0.1"))
            points.append(Point(series=gettext("%(statistic)s: growth") % {"statistic": label},
                                label=str(year), value=growth, unit=self.unit(), as_of=str(year),
                                locator=gettext("%(zones)s in both years")
                                % {"zones": zones_reporting(len(both))},
                                shown=f"{growth}%", year=year))  # fmt: skip
        return points

    def registry_sources(self):
        if self.reported():
            return Source.objects.none()  # the reported figures cite their own
        return Source.objects.filter(pk__in=self.statistics().values("source"))

    def labels(self, points):
        return year_labels(points) if self.reported() else super().labels(points)


def zones_reporting(count: int) -> str:
    return ngettext("%(count)s zone", "%(count)s zones", count) % {"count": count}
