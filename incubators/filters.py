import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import RegistryFilterSet, record_filter, year_range_filters
from incubators.models import Company, Incubator
from zones.filters import province_filter, region_filter
from zones.models import Zone


class IncubatorFilterSet(RegistryFilterSet):
    search_fields = ("name", "name_zh", "city", "province__name", "province__name_zh")

    kind = django_filters.ChoiceFilter(choices=Incubator.Kind.choices, empty_label=_("All kinds"))
    province = province_filter()
    region = region_filter()
    host_zone = record_filter("host_zone", Zone.objects.published(), _("Host zone"))
    founded_from, founded_to = year_range_filters("founded_on", _("Founded"))

    class Meta:
        model = Incubator
        fields = []


class CompanyFilterSet(RegistryFilterSet):
    search_fields = ("name", "name_zh", "stock_code", "city")

    province = province_filter()
    region = region_filter()
    zone = record_filter("zone", Zone.objects.published(), _("Zone"))
    incubator = record_filter("incubator", Incubator.objects.published(), _("Incubator"))
    listed_exchange = django_filters.ChoiceFilter(
        choices=Company.Exchange.choices, label=_("Stock exchange"), empty_label=_("Any exchange")
    )

    class Meta:
        model = Company
        fields = []
