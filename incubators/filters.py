import django_filters
from django.utils.translation import gettext_lazy as _

from incubators.models import Company, Incubator
from torchportal.filters import (
    RegistryFilterSet,
    province_filter,
    region_filter,
    year_range_filters,
)
from zones.models import Zone


def zone_filter(field: str, label):
    return django_filters.ModelChoiceFilter(
        field_name=field,
        to_field_name="slug",
        queryset=Zone.objects.published().order_by("name"),
        label=label,
        empty_label=_("Any zone"),
    )


class IncubatorFilterSet(RegistryFilterSet):
    search_fields = ("name", "name_zh", "city", "province__name", "province__name_zh")

    kind = django_filters.ChoiceFilter(choices=Incubator.Kind.choices, empty_label=_("All kinds"))
    province = province_filter()
    region = region_filter()
    host_zone = zone_filter("host_zone", _("Host zone"))
    founded_from, founded_to = year_range_filters("founded_on", _("Founded"))

    class Meta:
        model = Incubator
        fields = []


class CompanyFilterSet(RegistryFilterSet):
    search_fields = ("name", "name_zh", "stock_code", "city")

    province = province_filter()
    region = region_filter()
    zone = zone_filter("zone", _("Zone"))
    incubator = django_filters.ModelChoiceFilter(
        to_field_name="slug", queryset=Incubator.objects.published(), empty_label=_("Any incubator")
    )
    listed_exchange = django_filters.ChoiceFilter(
        choices=Company.Exchange.choices, label=_("Stock exchange"), empty_label=_("Any exchange")
    )

    class Meta:
        model = Company
        fields = []
