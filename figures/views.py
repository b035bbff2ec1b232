from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from core.cache import kept, kept_count, query_key, reordered
from core.generic import ObjectDetailView, ObjectListView, related_records, unless_empty
from core.models import Publication
from figures.filters import SourceFilterSet
from figures.models import Source
from figures.tables import SourceTable


class SourceListView(ObjectListView):
    queryset = Source.objects.annotate(
        figure_count=Count("figures", filter=Q(figures__publication=Publication.PUBLISHED))
    ).order_by("published_on", "title")
    table_class = SourceTable
    filterset_class = SourceFilterSet
    description = _(
        "The published documents every figure and registry fact on this site comes from."
    )


SHOWN_AT_MOST = 100  # figures, milestones and claims a source's page lists (real ones: tens)


def first_figures(figures, at_most: int) -> list:
    """The first `at_most` figures in their order (topic, metric, date), without PostgreSQL
    sorting every one of a source that gives tens of thousands: how many figures each topic
    and metric holds is counted once a data version, in that order, and only the groups that
    hold the first `at_most` are read (through the topic-and-metric index)."""
    if kept_count(figures) > at_most:
        groups = kept(
            f"figure-groups:{query_key(figures)}",
            lambda: list(
                figures.values_list("topic", "metric__name", "metric")
                .annotate(Count("pk"))
                .order_by("topic", "metric__name")  # as Figure.Meta.ordering
            ),
        )
        first, shown, last = Q(), 0, None
        for topic, name, metric, count in groups:
            # Metrics of one name are one run of the order (by date): all of it or none.
            if shown >= at_most and (topic, name) != last:
                break
            first |= Q(topic=topic, metric=metric)
            shown, last = shown + count, (topic, name)
        figures = figures.filter(first)
    return unless_empty(figures, at_most=at_most)


class SourceDetailView(ObjectDetailView):
    queryset = Source.objects.all()
    slug_field = slug_url_kwarg = "key"

    def get_context_data(self, **kwargs):
        source = self.object
        figures = source.figures.published().select_related("source", "metric")
        milestones = source.milestones.published()
        claims = (
            source.claims.published()
            .filter(zone__publication=Publication.PUBLISHED)
            .select_related("zone")
        )
        return super().get_context_data(
            # A source may give tens of thousands: the page shows the first and says where
            # the rest are (the API, the open data), rather than grow without end.
            figures=first_figures(figures, SHOWN_AT_MOST),
            figure_count=kept_count(figures),
            milestones=unless_empty(milestones, at_most=SHOWN_AT_MOST),
            milestone_count=kept_count(milestones),
            claims=unless_empty(claims, at_most=SHOWN_AT_MOST),
            claim_count=kept_count(claims),
            shown_at_most=SHOWN_AT_MOST,
            cited_by=[
                (label, related_records(reordered(records, "name")))
                for label, records in [
                    (_("Zones"), source.zone_set.published()),
                    (_("Incubators"), source.incubator_set.published()),
                    (_("Companies"), source.company_set.published()),
                    (_("Programmes"), source.programme_set.all()),
                    (_("Provinces"), source.province_set.all()),
                ]
                if kept_count(records)
            ],
            **kwargs,
        )
