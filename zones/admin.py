from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.admin import (
    HISTORY_FIELDSET,
    SOURCE_FIELDSET,
    ImportExportAdmin,
    PublishableAdmin,
    RegistryAdmin,
    StatisticsInline,
    vague_date_column,
)
from zones.models import Province, Sector, Zone, ZoneStatistics
from zones.resources import ZoneResource, ZoneStatisticsResource


@admin.register(Province)
class ProvinceAdmin(RegistryAdmin):
    list_display = ["code", "name", "name_zh", "region", "zone_count"]
    list_filter = ["region"]
    ordering = ["code"]  # the zone count's GROUP BY drops Meta.ordering
    search_fields = ["code", "name", "name_zh"]
    fieldsets = [
        (None, {"fields": ["code", "name", "name_zh", "slug", "region"]}),
        SOURCE_FIELDSET,
        HISTORY_FIELDSET,
    ]
    autocomplete_fields = ["source"]

    @admin.display(description=_("zones"), ordering="zone_count")
    def zone_count(self, province):
        return province.zone_count

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(zone_count=Count("zones"))


@admin.register(Sector)
class SectorAdmin(RegistryAdmin):
    list_display = ["name", "name_zh", "source"]
    list_select_related = ["source"]
    fieldsets = [
        (None, {"fields": ["name", "name_zh", "slug", "description"]}),
        SOURCE_FIELDSET,
        HISTORY_FIELDSET,
    ]
    autocomplete_fields = ["source"]


class ZoneStatisticsInline(StatisticsInline):
    model = ZoneStatistics
    fields = [
        "year",
        "enterprises",
        "high_tech_enterprises",
        "employees",
        "currency",
        "revenue",
        "industrial_value_added",
        "exports",
        "rd_expenditure",
        "source",
        "locator",
    ]


@admin.register(Zone)
class ZoneAdmin(PublishableAdmin):
    resource_classes = [ZoneResource]

    list_display = [
        "name",
        "kind",
        "list_number",
        "province",
        "city",
        vague_date_column("approved", _("approved")),
        "status",
    ]
    list_filter = ["kind", "status", "province__region", "province"]
    list_select_related = ["province"]
    search_fields = ["name", "name_zh", "other_names", "city", "slug"]
    autocomplete_fields = ["province", "parent", "sectors", "source"]
    inlines = [ZoneStatisticsInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "kind",
                    "name",
                    "name_zh",
                    "name_translated",
                    "other_names",
                    "slug",
                    "list_number",
                    "status",
                ]
            },
        ),
        (_("Where"), {"fields": ["province", "city", "parent", "website"]}),
        (
            _("Approval"),
            {"fields": [("approved_on", "approved_precision"), "approving_body"]},
        ),
        (_("Industries"), {"fields": ["sectors"]}),
        SOURCE_FIELDSET,
        HISTORY_FIELDSET,
    ]


@admin.register(ZoneStatistics)
class ZoneStatisticsAdmin(ImportExportAdmin):
    resource_classes = [ZoneStatisticsResource]

    list_display = ["zone", "year", "enterprises", "employees", "revenue", "currency", "source"]
    list_filter = ["year", "zone__kind", "zone__province"]
    list_select_related = ["zone", "source"]
    search_fields = ["zone__name", "zone__name_zh"]
    autocomplete_fields = ["zone", "source"]
