"""The zones' annual statistics added up by year, as totals or growth."""

from collections import defaultdict
from decimal import Decimal

from django import forms
from django.db.models import Count, Sum
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.filters import listed
from dashboards.charts.base import Chart, Point, choices_with_all, with_all
from figures.models import Source
from zones.models import Province, Zone, ZoneStatistics

MONEY_STATISTICS = {"revenue", "industrial_value_added", "exports", "rd_expenditure"}


class ZoneStatisticsTrend(Chart):
    slug = "zone-statistics"
    title = _("Zones' annual statistics")
    description = _(
        "The registry's annual statistics of zones added up by year, for all zones or a chosen "
        "kind, province or zone; as totals or as growth on the year before. A year's total covers "
        "the zones that reported that year (their number is in the table)."
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
        ("revenue", _("Revenue"), pgettext_lazy("unit of a chart", "yuan (CNY)")),
        (
            "industrial_value_added",
            _("Industrial value added"),
            pgettext_lazy("unit of a chart", "yuan (CNY)"),
        ),
        ("exports", _("Exports"), pgettext_lazy("unit of a chart", "yuan (CNY)")),
        ("rd_expenditure", _("R&D expenditure"), pgettext_lazy("unit of a chart", "yuan (CNY)")),
    ]

    class Selection(forms.Form):
        statistic = forms.ChoiceField(label=_("Statistic"), initial="enterprises", choices=[])
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

    def unit(self):
        if self.selection["view"] == "growth":
            return pgettext("unit of a chart", "% on the year before")
        return {key: unit for key, _label, unit in self.STATISTICS}[self.selection["statistic"]]

    def statistics(self):
        selection = self.selection
        rows = ZoneStatistics.objects.published().filter(
            **{f"{selection['statistic']}__isnull": False}
        )
        if selection["kind"]:
            rows = rows.filter(zone__kind=selection["kind"])
        if selection["province"]:
            rows = rows.filter(zone__province__slug=selection["province"])
        if selection["zone"]:
            rows = rows.filter(zone=selection["zone"])
        if selection["year_from"]:
            rows = rows.filter(year__gte=selection["year_from"])
        if selection["year_to"]:
            rows = rows.filter(year__lte=selection["year_to"])
        if selection["statistic"] in MONEY_STATISTICS:
            rows = rows.filter(currency="CNY")  # amounts in one currency only
        return rows

    def points(self):
        statistic = self.selection["statistic"]
        label = str({key: name for key, name, _unit in self.STATISTICS}[statistic])
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
        return Source.objects.filter(pk__in=self.statistics().values("source"))


def zones_reporting(count: int) -> str:
    return ngettext("%(count)s zone", "%(count)s zones", count) % {"count": count}
