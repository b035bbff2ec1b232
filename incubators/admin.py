from django.contrib import admin
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
from incubators.models import Company, Incubator, IncubatorStatistics, ServiceCenter
from incubators.resources import CompanyResource, IncubatorResource, IncubatorStatisticsResource


class IncubatorStatisticsInline(StatisticsInline):
    model = IncubatorStatistics
    fields = [
        "year",
        "tenants",
        "graduated_companies",
        "listed_companies",
        "employees",
        "incubation_area_m2",
        "source",
        "locator",
    ]


@admin.register(Incubator)
class IncubatorAdmin(PublishableAdmin):
    resource_classes = [IncubatorResource]

    list_display = [
        "name",
        "name_zh",
        "kind",
        "province",
        "city",
        "host_zone",
        vague_date_column("founded", _("founded")),
    ]
    list_filter = ["kind", "province__region", "province"]
    list_select_related = ["province", "host_zone"]
    autocomplete_fields = ["host_zone", "province", "sectors", "source"]
    inlines = [IncubatorStatisticsInline]
    fieldsets = [
        (None, {"fields": ["kind", "name", "name_zh", "slug"]}),
        (_("Where"), {"fields": ["province", "city", "host_zone", "website"]}),
        (
            _("Dates"),
            {
                "fields": [
                    ("founded_on", "founded_precision"),
                    ("accredited_on", "accredited_precision"),
                ]
            },
        ),
        (_("Industries"), {"fields": ["sectors"]}),
        SOURCE_FIELDSET,
        HISTORY_FIELDSET,
    ]


@admin.register(IncubatorStatistics)
class IncubatorStatisticsAdmin(ImportExportAdmin):
    resource_classes = [IncubatorStatisticsResource]

    list_display = ["incubator", "year", "tenants", "graduated_companies", "listed_companies"]
    list_filter = ["year", "incubator__kind"]
    list_select_related = ["incubator"]
    search_fields = ["incubator__name", "incubator__name_zh"]
    autocomplete_fields = ["incubator", "source"]


@admin.register(Company)
class CompanyAdmin(PublishableAdmin):
    resource_classes = [CompanyResource]

    list_display = ["name", "name_zh", "province", "zone", "incubator", "listed_exchange"]
    list_filter = ["listed_exchange", "province__region", "province"]
    list_select_related = ["province", "zone", "incubator"]
    search_fields = ["name", "name_zh", "slug", "stock_code"]
    autocomplete_fields = ["province", "zone", "incubator", "sectors", "source"]
    fieldsets = [
        (None, {"fields": ["name", "name_zh", "slug", "website"]}),
        (_("Where"), {"fields": ["province", "city", "zone"]}),
        (_("Incubation"), {"fields": ["incubator", ("graduated_on", "graduated_precision")]}),
        (
            _("Stock listing"),
            {"fields": ["listed_exchange", "stock_code", ("listed_on", "listed_precision")]},
        ),
        (_("Industries"), {"fields": ["sectors"]}),
        SOURCE_FIELDSET,
        HISTORY_FIELDSET,
    ]


@admin.register(ServiceCenter)
class ServiceCenterAdmin(RegistryAdmin):
    list_display = ["name", "name_zh", "kind", "state_level", "province", "city"]
    list_filter = ["kind", "state_level", "province"]
    list_select_related = ["province"]
    autocomplete_fields = ["province", "host_zone", "source"]
    fieldsets = [
        (None, {"fields": ["kind", "name", "name_zh", "slug", "state_level"]}),
        (_("Where"), {"fields": ["province", "city", "host_zone", "website"]}),
        (_("Dates"), {"fields": [("recognized_on", "recognized_precision")]}),
        SOURCE_FIELDSET,
        HISTORY_FIELDSET,
    ]
