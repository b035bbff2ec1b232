from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from core.generic import ObjectDetailView, ObjectListView, related_records, unless_empty
from core.models import Publication
from core.statistics import statistics_context
from zones.filters import ProvinceFilterSet, ZoneFilterSet
from zones.models import Province, Zone
from zones.tables import ProvinceTable, ZoneTable

STATISTICS_PLOTTED = ["enterprises", "high_tech_enterprises", "employees"]
STATISTICS_SHOWN = [
    *STATISTICS_PLOTTED,
    "revenue",
    "industrial_value_added",
    "exports",
    "rd_expenditure",
]


class ZoneListView(ObjectListView):
    queryset = Zone.objects.published().select_related("province", "source")
    table_class = ZoneTable
    filterset_class = ZoneFilterSet
    description = _(
        "National high-tech zones (STIPs), Torch specialized industrial bases, software parks, "
        "industrial clusters and overseas science parks."
    )


class ZoneDetailView(ObjectDetailView):
    queryset = (
        Zone.objects.published()
        .select_related("province", "parent", "source")
        .prefetch_related("sectors")
    )

    def get_context_data(self, **kwargs):
        zone = self.object
        return super().get_context_data(
            children=related_records(zone.children.published().select_related("province")),
            incubators=related_records(
                zone.incubators.published().select_related("province"),
                "incubators:incubator_list",
                host_zone=zone.slug,
            ),
            companies=related_records(
                zone.companies.published().select_related("province"),
                "incubators:company_list",
                zone=zone.slug,
            ),
            **statistics_context(zone, STATISTICS_PLOTTED, STATISTICS_SHOWN),
            figures=unless_empty(zone.figures.published().select_related("source", "metric")),
            milestones=unless_empty(zone.milestones.published().select_related("source")),
            # Its own claims: ordered without the claims' default order by zone (a join for nothing).
            claims=unless_empty(
                zone.claims.published()
                .select_related("source")
                .order_by("field", "standing", "key")
            ),
            name_zh_waiting=not zone.name_zh
            and zone.claims.filter(field="name_zh")
            .exclude(publication=Publication.PUBLISHED)
            .exists(),
            **kwargs,
        )


class ProvinceListView(ObjectListView):
    queryset = (
        Province.objects.select_related("source")
        .annotate(zone_count=Count("zones", filter=Q(zones__publication=Publication.PUBLISHED)))
        .order_by("code")
    )  # GROUP BY drops Meta.ordering
    table_class = ProvinceTable
    filterset_class = ProvinceFilterSet
    description = _(
        "China's provincial-level divisions: the mainland's 31, Taiwan, Hong Kong and Macau, "
        "and the zones in each."
    )


class ProvinceDetailView(ObjectDetailView):
    queryset = Province.objects.select_related("source")

    def get_context_data(self, **kwargs):
        province = self.object
        return super().get_context_data(
            zones=related_records(
                province.zones.published()
                .select_related("province")
                .order_by("kind", "list_number", "name"),
                "zones:zone_list",
                province=province.slug,
            ),
            incubators=related_records(
                province.incubators.published(), "incubators:incubator_list", province=province.slug
            ),
            companies=related_records(
                province.companies.published(), "incubators:company_list", province=province.slug
            ),
            service_centers=related_records(province.service_centers.all()),
            **kwargs,
        )
