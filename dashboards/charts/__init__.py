"""The dashboards' charts, one module each; CHARTS lists them in the order the dashboards page
shows them, by the slug in their addresses."""

from dashboards.charts.innofund_grants import InnofundGrants
from dashboards.charts.program_tools import ProgramTools
from dashboards.charts.zone_growth import ZoneGrowth
from dashboards.charts.zone_shares import ZoneShares
from dashboards.charts.zone_statistics import ZoneStatisticsTrend
from dashboards.charts.zones_by_place import ZonesByPlace

CHARTS = {
    chart.slug: chart
    for chart in [
        ZoneGrowth,
        ZonesByPlace,
        ZoneShares,
        ProgramTools,
        InnofundGrants,
        ZoneStatisticsTrend,
    ]
}
