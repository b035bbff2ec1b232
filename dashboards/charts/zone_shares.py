"""The high-tech zones' shares of national totals, as the documents report them."""

from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from dashboards.charts.base import Chart, figure_point
from figures.models import Figure, Topic


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
