"""Analyst dashboards. Each chart is a class that turns a selection (a small form, read from the
URL) into points; everything a chart shows (the canvas, its table, its CSV and JSON, its sources)
is made from those same points, so they always agree. Points come from aggregate queries whose
number does not grow with the data."""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.cache import kept
from core.widgets import make_plain
from figures.models import Figure, Source


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


TRUST_RANK = {Source.Trust.HIGH: 0, Source.Trust.MEDIUM: 1, Source.Trust.LOW: 2}


def reported_points(figures: Iterable[Figure], series: str, differing: str) -> list[Point]:
    """Reported figures by the year they are for. One line runs through the value most sources
    (the best first; a projection last) give for each year; the values other sources give for
    that year are points of a second series, so a disagreement is seen, never averaged. Every
    figure is a row of the table, with its own source and qualifier. Targets are plans, not
    reports: they are left out."""
    by_year = defaultdict(list)
    for figure in figures:
        if figure.as_of and figure.qualifier != Figure.Qualifier.TARGET:  # a plan, not a report
            by_year[figure.as_of.date.year].append(figure)
    points = []
    for year, reports in sorted(by_year.items()):
        votes = Counter(figure.value for figure in reports)

        def standing(value, reports=reports, votes=votes):
            giving = [f for f in reports if f.value == value]
            # A projection yields to a reported value of the same year, however many give it.
            projected = all(f.qualifier == Figure.Qualifier.ESTIMATE for f in giving)
            best = min(TRUST_RANK.get(f.source.trust, 1) for f in giving)
            return (projected, -votes[value], best, value)

        main = min(votes, key=standing)
        for figure in sorted(reports, key=lambda figure: standing(figure.value)):
            points.append(figure_point(figure, series if figure.value == main else differing,
                                       str(year)))  # fmt: skip
    return points


def year_labels(points: list[Point]) -> list[str]:
    """Every year from the first to the last, so a line's slope is true to time."""
    years = sorted(int(point.label) for point in points)
    return [str(year) for year in range(years[0], years[-1] + 1)] if years else []


ALL = _("All")


def choices_with_all(choices, label=ALL):
    return [("", label), *choices]


def with_all(choices: Callable[[], list], label=ALL) -> Callable[[], list]:
    """Choices made when shown (listed records), led by "All"."""
    return lambda: [("", label), *choices()]


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
        make_plain(self.form.fields)

    def _with_defaults(self, params) -> dict:
        data = {name: field.initial for name, field in self.Selection.base_fields.items()}
        data.update({name: params.get(name) for name in data if name in params})
        return data

    def is_valid(self) -> bool:
        return self.form.is_valid()

    @property
    def selection(self) -> dict:
        return self.form.cleaned_data

    def kept(self, what: str, compute: Callable):
        """compute() for this chart, selection and language, worked out once a data version
        (every chart is a few aggregate queries over the whole registry)."""
        chosen = sorted(
            (name, str(getattr(value, "slug", value))) for name, value in self.selection.items()
        )
        return kept(f"chart:{self.slug}:{what}:{get_language()}:{chosen}", compute)

    def within_years(self, queryset, lookup: str):
        """The rows whose year (`lookup`) lies in the selection's Year from / Year to."""
        if year_from := self.selection.get("year_from"):
            queryset = queryset.filter(**{f"{lookup}__gte": year_from})
        if year_to := self.selection.get("year_to"):
            queryset = queryset.filter(**{f"{lookup}__lte": year_to})
        return queryset

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
                    "trust": source.trust,
                    "trust_label": source.trust_label if source.trust else "",
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
