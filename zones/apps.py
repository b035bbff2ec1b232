from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.registry import Entry


class ZonesConfig(AppConfig):
    name = "zones"
    verbose_name = _("Zones and provinces")
    registry = [
        Entry(
            "Province",
            "provinces",
            _("Mainland China's provincial-level divisions (GB/T 2260)."),
            directory="zones:province_list",
            api="zones.api.ProvinceViewSet",
        ),
        Entry(
            "Sector",
            "sectors",
            _("High-tech fields the documents name."),
            api="zones.api.SectorViewSet",
        ),
        Entry(
            "Zone",
            "zones",
            _("National STIPs, specialized bases, software parks and other zones."),
            directory="zones:zone_list",
            menu=_("Zones"),
            api="zones.api.ZoneViewSet",
        ),
        Entry(
            "ZoneStatistics",
            "zone-statistics",
            _("One zone's figures for one year."),
            api="zones.api.ZoneStatisticsViewSet",
        ),
    ]
