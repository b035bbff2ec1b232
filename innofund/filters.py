import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import RegistryFilterSet, listed_filter, year_range_filters
from core.models import Publication
from innofund.models import Programme, Project
from zones.filters import province_filter, region_filter
from zones.models import Sector


class ProjectFilterSet(RegistryFilterSet):
    search_fields = ("name", "name_zh", "code", "company__name", "company__name_zh")
    # A company's name finds its projects only once the company is published.
    search_conditions = {"company__": {"company__publication": Publication.PUBLISHED}}

    programme = listed_filter("programme", Programme, _("Programme"), _("All programmes"))
    year_from, year_to = year_range_filters("year", _("Year"))
    province = province_filter()
    region = region_filter()
    sector = listed_filter("sector", Sector, _("Sector"), _("All sectors"))
    funding_type = django_filters.ChoiceFilter(
        choices=Project.FundingType.choices, empty_label=_("Any funding type")
    )
    status = django_filters.ChoiceFilter(
        choices=Project.Status.choices, empty_label=_("Any status")
    )

    class Meta:
        model = Project
        fields = []


class ProgrammeFilterSet(RegistryFilterSet):
    search_fields = ("name", "name_zh", "short_name")

    parent = django_filters.CharFilter(
        field_name="parent__slug", label=_("Parent programme (slug)")
    )

    class Meta:
        model = Programme
        fields = []
