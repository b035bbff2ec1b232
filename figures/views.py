from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from core.cache import kept_count
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


SHOWN_AT_MOST = 200  # figures, milestones and claims a source's page lists


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
            figures=unless_empty(figures, at_most=SHOWN_AT_MOST),
            figure_count=kept_count(figures),
            milestones=unless_empty(milestones, at_most=SHOWN_AT_MOST),
            milestone_count=kept_count(milestones),
            claims=unless_empty(claims, at_most=SHOWN_AT_MOST),
            claim_count=kept_count(claims),
            shown_at_most=SHOWN_AT_MOST,
            cited_by=[
                (label, related_records(records.order_by("name")))
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
