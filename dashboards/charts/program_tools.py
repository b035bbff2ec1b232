"""The program's other tools at a glance: the counts the documents give."""

from django import forms
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from dashboards.charts.base import Chart, choices_with_all, figure_point
from figures.models import Figure, Topic

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
