"""Analyst dashboards. Each chart is a class that turns a selection (a small form, read from the
URL) into points; everything a chart shows (the canvas, its table, its CSV and JSON, its sources)
is made from those same points, so they always agree. Points come from aggregate queries whose
number does not grow with the data."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.db.models import Count, F, Q, Sum, Window
from django.db.models.functions import ExtractYear, RowNumber
from django.urls import reverse
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from figures.models import Figure, Source, Topic
from innofund.models import Programme, Project
from torchportal.models import Publication, localized
from zones.models import Province, Region, Zone, ZoneStatistics

# Where each province stands on the tile-grid map: (row, column), north-west first.
TILE_POSITIONS = {
    "230000": (0, 8),  # Heilongjiang
    "150000": (1, 5), "110000": (1, 7), "220000": (1, 8),  # Inner Mongolia, Beijing, Jilin
    "650000": (2, 1), "620000": (2, 3), "640000": (2, 4), "140000": (2, 5), "130000": (2, 6),
    "120000": (2, 7), "210000": (2, 8),  # Xinjiang, Gansu, Ningxia, Shanxi, Hebei, Tianjin, Liaoning
    "630000": (3, 2), "610000": (3, 4), "410000": (3, 5), "370000": (3, 6),  # Qinghai, Shaanxi, Henan, Shandong
    "540000": (4, 1), "510000": (4, 3), "500000": (4, 4), "420000": (4, 5), "340000": (4, 6),
    "320000": (4, 7),  # Tibet, Sichuan, Chongqing, Hubei, Anhui, Jiangsu
    "530000": (5, 3), "520000": (5, 4), "430000": (5, 5), "360000": (5, 6), "330000": (5, 7),
    "310000": (5, 8),  # Yunnan, Guizhou, Hunan, Jiangxi, Zhejiang, Shanghai
    "450000": (6, 4), "440000": (6, 5), "350000": (6, 6),  # Guangxi, Guangdong, Fujian
    "460000": (7, 5),  # Hainan
}  # fmt: skip

# The metric that counts each kind of zone in the documents' figures.
ZONE_COUNT_METRICS = {
    Zone.Kind.STIP: "national-stips",
    Zone.Kind.SPECIALIZED_BASE: "specialized-industrial-bases",
    Zone.Kind.SOFTWARE_PARK: "software-parks",
    Zone.Kind.OVERSEAS_PARK: "overseas-science-parks",
    Zone.Kind.EXPORT_BASE: "export-bases",
}

# The program's other tools, as the documents count them, grouped for the selection.
TOOL_GROUPS = {
    "incubators": (_("Incubators"), ["tbi", "university_park", "returnee_park", "international",
                                     "sector_specific"]),
    "innofund": (_("Innofund"), ["programme"]),
    "bases": (_("Bases and parks"), ["specialized_base", "software_park", "overseas_park",
                                     "export_base"]),
    "centers": (_("Productivity centers"), ["productivity_center"]),
    "market": (_("Technology market"), ["technology_market"]),
}  # fmt: skip


@dataclass
class Point:
    """One plotted number with everything needed to cite it."""

    series: str
    label: str
    value: Decimal | int | None
    unit: str
    qualifier: str = ""
    as_of: str = ""
    source: Source | None = None
    locator: str = ""
    shown: str = ""  # the text on the point, e.g. "more than 20%"
    year: int | None = None  # the year the number is for, when it has a date

    def __post_init__(self):
        # Labels may be lazy translations: the JSON and the CSV need them as text, in the
        # language of the request the point is made in.
        for name in ("series", "label", "unit", "qualifier", "as_of", "locator", "shown"):
            setattr(self, name, str(getattr(self, name)))

    def as_row(self) -> dict:
        return {
            "series": self.series,
            "label": self.label,
            "value": None if self.value is None else float(self.value),
            "unit": self.unit,
            "qualifier": self.qualifier,
            "as_of": self.as_of,
            "source": self.source.citation if self.source else "",
            "locator": self.locator,
        }


def figure_point(figure: Figure, series: str, label: str) -> Point:
    return Point(
        series=series,
        label=label,
        value=figure.value,
        unit=figure.get_unit_display(),
        qualifier=""
        if figure.qualifier == Figure.Qualifier.EXACT
        else figure.get_qualifier_display(),
        as_of=figure.as_of_label,
        source=figure.source,
        locator=figure.locator,
        shown=figure.display_value(),
        year=figure.as_of.date.year if figure.as_of else None,
    )


ALL = _("All")


def choices_with_all(choices, label=ALL):
    return [("", label), *choices]


class Chart:
    slug = ""
    title = ""
    description = ""
    chart_type = "bar"
    horizontal = False
    log_scale = False

    class Selection(forms.Form):
        pass

    def __init__(self, params=None):
        """The selection comes from the URL; what it leaves out takes the form's initial value."""
        self.form = self.Selection(self._with_defaults(params or {}), auto_id=f"{self.slug}-%s")
        for field in self.form.fields.values():
            css = "form-select" if hasattr(field, "choices") else "form-control"
            field.widget.attrs["class"] = f"{css} form-control-sm"

    def _with_defaults(self, params) -> dict:
        data = {name: field.initial for name, field in self.Selection.base_fields.items()}
        data.update({name: params.get(name) for name in data if name in params})
        return data

    def is_valid(self) -> bool:
        return self.form.is_valid()

    @property
    def selection(self) -> dict:
        return self.form.cleaned_data

    # Each chart supplies these two.
    def points(self) -> list[Point]:
        raise NotImplementedError

    def unit(self) -> str:
        raise NotImplementedError

    def registry_sources(self):
        """For charts counted from registry records: the sources of those records."""
        return Source.objects.none()

    def labels(self, points: list[Point]) -> list[str]:
        return list(dict.fromkeys(point.label for point in points))

    def payload(self) -> dict:
        points = self.points()
        labels = self.labels(points)
        series = list(dict.fromkeys(point.series for point in points))
        datasets = []
        for name in series:
            by_label = {point.label: point for point in points if point.series == name}
            data = [
                None
                if label not in by_label or by_label[label].value is None
                else float(by_label[label].value)
                for label in labels
            ]
            datasets.append(
                {
                    "label": name,
                    "data": data,
                    "pointLabels": [
                        by_label[label].shown if label in by_label else "" for label in labels
                    ],
                }
            )
        cited = {point.source.pk: point.source for point in points if point.source}
        sections = {}
        for point in points:
            if point.source and point.locator:
                sections.setdefault(point.source.pk, []).append(point.locator)
        for source in self.registry_sources():
            cited.setdefault(source.pk, source)
        return {
            "slug": self.slug,
            "title": str(self.title),
            "unit": str(self.unit()),
            "period": self.period(points),
            "type": self.chart_type,
            "horizontal": self.horizontal,
            "logScale": self.log_scale,
            "empty": not points,
            "labels": labels,
            "datasets": datasets,
            "rows": [point.as_row() for point in points],
            "sources": [
                {
                    "title": source.title,
                    "publisher": source.publisher,
                    "date": str(source.vague_date("published") or ""),
                    "citation": source.citation,
                    "sections": list(dict.fromkeys(sections.get(source.pk, []))),
                    "url": source.get_absolute_url(),
                }
                for source in sorted(cited.values(), key=lambda source: source.title)
            ],
            "selection": {
                name: "" if value is None else str(getattr(value, "slug", value))
                for name, value in self.selection.items()
            },  # fmt: skip
        }

    def period(self, points: list[Point]) -> str:
        years = sorted(
            {int(text[-4:]) for point in points for text in (point.as_of, point.label)
             if text[-4:].isdigit()}
            # A date in words ("2007年") need not end in its year: the point knows its year.
            | {point.year for point in points if point.year is not None}
        )  # fmt: skip
        if not years:
            return ""
        return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"

    def url(self, name: str = "dashboard_chart") -> str:
        return reverse(name, args=[self.slug])


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


class ZonesByPlace(Chart):
    slug = "zones-by-place"
    title = _("Where the zones are")
    description = _("Zones in the registry by province or by economic region.")

    class Selection(forms.Form):
        kind = forms.ChoiceField(
            label=_("Kind"),
            choices=choices_with_all(Zone.Kind.choices, _("All kinds")),
            initial=Zone.Kind.STIP,
            required=False,
        )
        by = forms.ChoiceField(
            label=_("By"),
            choices=[("province", _("Province")), ("region", _("Economic region"))],
            initial="province",
        )

    def unit(self):
        return pgettext("unit of a chart", "zones")

    def zones(self):
        kind = self.selection["kind"]
        zones = Zone.objects.published()
        return zones.filter(kind=kind) if kind else zones

    def points(self):
        zones = self.zones().exclude(province=None)
        kind = self.selection["kind"]
        series = Zone.Kind(kind).label if kind else gettext("Zones")
        if self.selection["by"] == "region":
            labels = {region: str(label) for region, label in Region.choices}
            rows = zones.values("province__region").annotate(count=Count("pk"))
            counts = {labels[row["province__region"]]: row["count"] for row in rows}
            ordered = [labels[region] for region in Region.values]
        else:
            rows = zones.values("province__name", "province__name_zh").annotate(count=Count("pk"))
            counts = {
                localized(row["province__name"], row["province__name_zh"]): row["count"]
                for row in rows
            }
            ordered = sorted(counts, key=lambda name: (-counts[name], name))
        return [
            Point(series=series, label=label, value=counts[label], unit=self.unit(),
                  shown=str(counts[label]))
            for label in ordered
            if label in counts
        ]  # fmt: skip

    def registry_sources(self):
        return Source.objects.filter(pk__in=self.zones().values("source"))

    def tiles(self) -> list[dict]:
        """Every province as a square of the tile-grid map, shaded by its count."""
        counts = dict(self.zones().values_list("province__code").annotate(count=Count("pk")))
        highest = max(counts.values(), default=0) or 1
        tiles = []
        for province in Province.objects.filter(code__in=TILE_POSITIONS).order_by("code"):
            row, column = TILE_POSITIONS[province.code]
            count = counts.get(province.code, 0)
            tiles.append(
                {
                    "name": province.display_name,
                    "name_zh": province.name_zh,
                    "url": province.get_absolute_url(),
                    "count": count,
                    "row": row + 1,
                    "column": column + 1,
                    "shade": 0 if not count else 1 + round(4 * count / highest),
                }
            )
        return tiles


class ZoneShares(Chart):
    slug = "zone-shares"
    title = _("The high-tech zones' weight in the national economy")
    description = _(
        "The shares of national totals the documents report for the national STIPs / high-tech "
        "zones: 2006 in the Torch Center brochure, 2024 in the SCIO briefing. Each bar keeps its "
        "own year and qualifier."
    )
    horizontal = True

    def unit(self):
        return pgettext("unit of a chart", "% of the national total")

    def points(self):
        figures = (
            Figure.objects.published()
            .filter(topic=Topic.STIP, unit=Figure.Unit.PERCENT)
            .select_related("source", "metric")
            .order_by("as_of_on", "metric__name")
        )
        return [
            figure_point(figure,
                         gettext("%(year)s (%(source)s)") % {"year": figure.as_of.date.year,
                                                             "source": figure.source.short_name},
                         str(figure.metric))
            for figure in figures
            if figure.as_of  # a share without any date cannot be placed by year
        ]  # fmt: skip


class ProgramTools(Chart):
    slug = "program-tools"
    title = _("The program's other tools at a glance")
    description = _(
        "Counts the documents report for incubators, Innofund, bases and parks, productivity "
        "centers and the technology market. Figures that disagree are shown side by side, each "
        "with its source and date. Amounts, multiples and shares are listed under the chart."
    )
    horizontal = True
    log_scale = True

    class Selection(forms.Form):
        tool = forms.ChoiceField(
            label=_("Tool"),
            choices=choices_with_all(
                [(key, label) for key, (label, _topics) in TOOL_GROUPS.items()], _("All tools")
            ),  # fmt: skip
            initial="",
            required=False,
        )

    def unit(self):
        return pgettext("unit of a chart", "count (logarithmic scale)")

    def figures(self):
        groups = [self.selection["tool"]] if self.selection["tool"] else list(TOOL_GROUPS)
        topics = [topic for group in groups for topic in TOOL_GROUPS[group][1]]
        # Each source's latest report of each measure: sources that disagree stand side by
        # side, while one source's older reports of the same measure stay in its own table.
        latest_first = Window(
            RowNumber(),
            partition_by=[F("metric_id"), F("source_id"), F("unit")],
            order_by=[F("as_of_on").desc(nulls_last=True), F("id").desc()],
        )
        return (
            Figure.objects.published()
            .filter(topic__in=topics)
            .filter(~Q(topic=Topic.PROGRAMME) | Q(programme__slug="innofund"))
            .annotate(report_rank=latest_first)
            .filter(report_rank=1)
            .select_related("source", "metric")
            .order_by("topic", "metric__name", "as_of_on")
        )

    def points(self):
        return [
            figure_point(figure, gettext("Reported count"),
                         gettext("%(metric)s (%(as_of)s, %(source)s)")
                         % {"metric": figure.metric, "as_of": figure.as_of_label,
                            "source": figure.source.short_name})
            for figure in self.figures()
            if figure.unit == Figure.Unit.COUNT
        ]  # fmt: skip

    def other_figures(self):
        return [figure for figure in self.figures() if figure.unit != Figure.Unit.COUNT]


class InnofundGrants(Chart):
    slug = "innofund-grants"
    title = _("Innofund grants in the registry")
    description = _("Projects and amounts awarded, counted from the registry's Innofund projects.")

    class Selection(forms.Form):
        by = forms.ChoiceField(
            label=_("By"),
            choices=[("year", _("Year")), ("sector", _("Sector")), ("province", _("Province")),
                     ("programme", _("Programme"))],
            initial="year",
        )  # fmt: skip
        measure = forms.ChoiceField(
            label=_("Measure"),
            choices=[("projects", _("Number of projects")),
                     ("amount", _("Amount awarded (CNY)"))],
            initial="projects",
        )  # fmt: skip
        programme = forms.ModelChoiceField(
            Programme.objects.all(),
            to_field_name="slug",
            required=False,
            empty_label=_("All"),
            label=_("Programme"),
        )
        year_from = forms.IntegerField(
            label=_("Year from"), required=False, min_value=1949, max_value=2100
        )
        year_to = forms.IntegerField(
            label=_("Year to"), required=False, min_value=1949, max_value=2100
        )

    # Grouped by a unique key, labelled by name (and by the Chinese name on Chinese pages).
    GROUP_FIELDS = {
        "year": ("year", "year", None),
        "sector": ("sector__slug", "sector__name", "sector__name_zh"),
        "province": ("province__code", "province__name", "province__name_zh"),
        "programme": ("programme__slug", "programme__name", "programme__name_zh"),
    }

    def unit(self):
        if self.selection["measure"] == "projects":
            return pgettext("unit of a chart", "projects")
        return pgettext("unit of a chart", "yuan (CNY)")

    def projects(self):
        selection = self.selection
        projects = Project.objects.published()
        if selection["programme"]:
            projects = projects.filter(programme=selection["programme"])
        if selection["year_from"]:
            projects = projects.filter(year__gte=selection["year_from"])
        if selection["year_to"]:
            projects = projects.filter(year__lte=selection["year_to"])
        if selection["measure"] == "amount":
            projects = projects.filter(currency="CNY", amount__isnull=False)
        return projects

    def points(self):
        key, field, chinese = self.GROUP_FIELDS[self.selection["by"]]
        rows = (
            self.projects()
            .values(key, field, *([chinese] if chinese else []))
            .annotate(projects=Count("pk"), amount=Sum("amount"))
            .order_by(field, key)
        )
        measure = self.selection["measure"]
        series = dict(self.Selection.base_fields["measure"].choices)[measure]
        return [
            Point(series=series, label=group_label(row, field, chinese), value=row[measure],
                  unit=self.unit(), shown=f"{row[measure]:,.0f}")
            for row in rows
        ]  # fmt: skip

    def registry_sources(self):
        return Source.objects.filter(pk__in=self.projects().values("source"))


def group_label(row: dict, field: str, chinese: str | None) -> str:
    """A group's name in the active language; "Not stated" for the records without one."""
    if row[field] is None:
        return gettext("Not stated")
    return localized(str(row[field]), row[chinese] or "") if chinese else str(row[field])


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
        province = forms.ModelChoiceField(
            Province.objects.all(),
            to_field_name="slug",
            required=False,
            empty_label=_("All"),
            label=_("Province"),
        )
        zone = forms.ModelChoiceField(
            Zone.objects.published(),
            to_field_name="slug",
            required=False,
            empty_label=_("All"),
            label=_("Zone"),
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
        rows = ZoneStatistics.objects.filter(
            zone__publication=Publication.PUBLISHED,
            **{f"{selection['statistic']}__isnull": False},
        )
        if selection["kind"]:
            rows = rows.filter(zone__kind=selection["kind"])
        if selection["province"]:
            rows = rows.filter(zone__province=selection["province"])
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


CHARTS = {
    chart.slug: chart
    for chart in [ZoneGrowth, ZonesByPlace, ZoneShares, ProgramTools, InnofundGrants,
                  ZoneStatisticsTrend]
}  # fmt: skip
