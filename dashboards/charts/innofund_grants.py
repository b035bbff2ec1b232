"""Innofund grants in the registry, by year, sector, province or programme."""

from django import forms
from django.db.models import Count, Sum
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from core.filters import listed
from core.language import localized
from dashboards.charts.base import Chart, Point, reported_points, with_all
from figures.models import Figure, Source, Topic
from innofund.models import Programme, Project


class InnofundGrants(Chart):
    slug = "innofund-grants"
    title = _("Innofund grants in the registry")
    description = _(
        "Projects and amounts awarded, counted from the registry's Innofund projects. While the "
        "registry holds none, the chart draws the figures the sources report instead (by year "
        "only): each measure and period its own series, each figure with its source."
    )
    # The sources' figures for each measure, drawn while the registry has no projects: each
    # metric (and each "since" period) its own series, so a batch, a year and a running total
    # never share a line.
    REPORTED_METRICS = {
        "projects": (["innofund-projects", "innofund-batch-projects"], Figure.Unit.COUNT),
        "amount": (
            ["innofund-funding", "innofund-batch-funding", "innofund-initial-allocation"],
            Figure.Unit.CNY,
        ),
    }

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
        programme = forms.ChoiceField(
            choices=with_all(listed(Programme)), required=False, label=_("Programme")
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
            projects = projects.filter(programme__slug=selection["programme"])
        projects = self.within_years(projects, "year")
        if selection["measure"] == "amount":
            projects = projects.filter(currency="CNY", amount__isnull=False)
        return projects

    def drawing_reported(self) -> bool:
        return not Project.objects.published().exists()

    def reported_figures(self):
        metrics, unit = self.REPORTED_METRICS[self.selection["measure"]]
        figures = Figure.objects.published().filter(
            topic=Topic.PROGRAMME, programme__slug="innofund", metric__key__in=metrics, unit=unit
        )
        figures = self.within_years(figures, "as_of_on__year")
        return figures.select_related("source", "metric").order_by("metric__name", "period_start")

    def reported_points(self) -> list[Point]:
        series = {}
        for figure in self.reported_figures():
            name = str(figure.metric)
            if figure.period_start:
                name = gettext("%(metric)s, since %(year)s") % {
                    "metric": name,
                    "year": figure.period_start,
                }
            series.setdefault(name, []).append(figure)
        points = []
        for name, figures in series.items():
            points += reported_points(
                figures, name, gettext("%(series)s: another source") % {"series": name}
            )
        return sorted(points, key=lambda point: int(point.label))

    def points(self):
        if self.drawing_reported():
            return self.reported_points() if self.selection["by"] == "year" else []
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
