"""The program's other tools at a glance: the counts the sources give, or one count year by year."""

from django import forms
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils.translation import get_language, gettext, pgettext
from django.utils.translation import gettext_lazy as _

from core.cache import kept
from dashboards.charts.base import (
    Chart,
    choices_with_all,
    figure_point,
    reported_points,
    year_labels,
)
from figures.models import Figure, Metric, Topic

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
TOOL_TOPICS = [topic for _label, topics in TOOL_GROUPS.values() for topic in topics]


def counted_metrics() -> list[tuple[str, str]]:
    """The counts the sources report for the tools, as choices, listed once a data version."""

    def choices():
        metrics = Metric.objects.filter(
            figures__topic__in=TOOL_TOPICS,
            figures__unit=Figure.Unit.COUNT,
            figures__publication="published",
        ).distinct()
        return sorted(((metric.key, str(metric)) for metric in metrics), key=lambda c: c[1])

    return [
        ("", gettext("No: the latest of each")),
        *kept(f"chart:tool-metrics:{get_language()}", choices),
    ]


class ProgramTools(Chart):
    slug = "program-tools"
    title = _("The program's other tools at a glance")
    description = _(
        "Counts the sources report for incubators, Innofund, bases and parks, productivity "
        "centers and the technology market: each source's latest, or one count year by year. "
        "Figures that disagree are shown side by side, each with its source and date. Amounts, "
        "multiples and shares are listed under the chart."
    )

    class Selection(forms.Form):
        tool = forms.ChoiceField(
            label=_("Tool"),
            choices=choices_with_all(
                [(key, label) for key, (label, _topics) in TOOL_GROUPS.items()], _("All tools")
            ),  # fmt: skip
            initial="",
            required=False,
        )
        over_time = forms.ChoiceField(
            label=_("Year by year"), choices=counted_metrics, initial="", required=False
        )

    @property
    def over_time(self) -> str:
        return self.selection["over_time"] if self.form.is_valid() else ""

    # One count year by year is a line on a plain scale; the latest of each, bars on a log scale.
    @property
    def chart_type(self):
        return "line" if self.over_time else "bar"

    @property
    def horizontal(self):
        return not self.over_time

    @property
    def log_scale(self):
        return not self.over_time

    def unit(self):
        if self.over_time:
            return pgettext("unit of a chart", "count")
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
        if self.over_time:
            figures = (
                Figure.objects.published()
                .filter(metric__key=self.over_time, topic__in=TOOL_TOPICS, unit=Figure.Unit.COUNT)
                .filter(zone=None, incubator=None, period_start=None)
                .select_related("source", "metric")
            )
            return reported_points(
                figures,
                gettext("Reported by the sources"),
                gettext("Reported otherwise by another source"),
            )
        return [
            figure_point(figure, gettext("Reported count"),
                         gettext("%(metric)s (%(as_of)s, %(source)s)")
                         % {"metric": figure.metric, "as_of": figure.as_of_label,
                            "source": figure.source.short_name})
            for figure in self.figures()
            if figure.unit == Figure.Unit.COUNT
        ]  # fmt: skip

    def other_figures(self):
        if self.over_time:
            return []
        return [figure for figure in self.figures() if figure.unit != Figure.Unit.COUNT]

    def labels(self, points):
        return year_labels(points) if self.over_time else super().labels(points)
