from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from core.generic import ObjectDetailView, ObjectListView
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


class SourceDetailView(ObjectDetailView):
    queryset = Source.objects.all()
    slug_field = slug_url_kwarg = "key"

    def get_context_data(self, **kwargs):
        source = self.object
        return super().get_context_data(
            figures=source.figures.published().select_related("source", "metric"),
            milestones=source.milestones.published(),
            claims=source.claims.published()
            .filter(zone__publication=Publication.PUBLISHED)
            .select_related("zone"),
            cited_by=[
                (label, records.order_by("name")[:100], records.count())
                for label, records in [
                    (_("Zones"), source.zone_set.published()),
                    (_("Incubators"), source.incubator_set.published()),
                    (_("Companies"), source.company_set.published()),
                    (_("Programmes"), source.programme_set.all()),
                    (_("Provinces"), source.province_set.all()),
                ]
                if records.exists()
            ],
            **kwargs,
        )
