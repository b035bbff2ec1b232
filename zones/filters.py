import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.filters import RegistryFilterSet, listed_filter, year_range_filters
from zones.models import Province, Region, Sector, Zone, ZoneStatistics


def province_filter(field: str = "province"):
    return listed_filter(field, Province, _("Province"), _("All provinces"))


def region_filter(field: str = "province__region"):
    return django_filters.ChoiceFilter(
        field_name=field,
        choices=Region.choices,
        label=_("Region"),
        empty_label=_("All regions"),
    )


class ZoneFilterSet(RegistryFilterSet):
    search_fields = (
        "name",
        "name_zh",
        "other_names",
        "city",
        "province__name",
        "province__name_zh",
    )

    kind = django_filters.ChoiceFilter(choices=Zone.Kind.choices, empty_label=_("All kinds"))
    province = province_filter()
    region = region_filter()
    sector = listed_filter("sectors", Sector, _("Sector"), _("All sectors"))
    approved_from, approved_to = year_range_filters(
        "approved_on", pgettext_lazy("when it was approved", "Approved")
    )
    status = django_filters.ChoiceFilter(choices=Zone.Status.choices, empty_label=_("Any status"))

    class Meta:
        model = Zone
        fields = []


class ProvinceFilterSet(RegistryFilterSet):
    search_fields = ("name", "name_zh", "code")

    region = django_filters.ChoiceFilter(choices=Region.choices, empty_label=_("All regions"))

    class Meta:
        model = Province
        fields = []


class SectorFilterSet(RegistryFilterSet):
    class Meta:
        model = Sector
        fields = []


class ZoneStatisticsFilterSet(RegistryFilterSet):
    search_fields = ("zone__name", "zone__name_zh")

    zone = django_filters.CharFilter(field_name="zone__slug", label=_("Zone (slug)"))
    kind = django_filters.ChoiceFilter(field_name="zone__kind", choices=Zone.Kind.choices)
    province = province_filter("zone__province")
    year_from, year_to = year_range_filters("year", _("Year"))

    class Meta:
        model = ZoneStatistics
        fields = []
