import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.filters import RegistryFilterSet, year_range_filters
from core.models import Publication
from figures.models import Claim, Figure, Milestone, Source, Topic


class SourceFilterSet(RegistryFilterSet):
    search_fields = ("title", "title_zh", "publisher", "key")

    kind = django_filters.ChoiceFilter(choices=Source.Kind.choices, empty_label=_("All kinds"))
    trust = django_filters.ChoiceFilter(
        choices=Source.Trust.choices, empty_label=_("Any trust level"), label=_("Trust")
    )
    published_from, published_to = year_range_filters(
        "published_on", pgettext_lazy("publication date", "Published")
    )

    class Meta:
        model = Source
        fields = []


class FigureFilterSet(RegistryFilterSet):
    search_fields = ("metric__name", "quote", "key")

    topic = django_filters.ChoiceFilter(choices=Topic.choices)
    metric = django_filters.CharFilter(field_name="metric__key", label=_("Metric (key)"))
    source = django_filters.CharFilter(field_name="source__key", label=_("Source (key)"))
    unit = django_filters.ChoiceFilter(choices=Figure.Unit.choices)
    qualifier = django_filters.ChoiceFilter(choices=Figure.Qualifier.choices)
    zone = django_filters.CharFilter(method="published_zone", label=_("Zone (slug)"))
    programme = django_filters.CharFilter(field_name="programme__slug", label=_("Programme (slug)"))

    class Meta:
        model = Figure
        fields = []

    def published_zone(self, queryset, name, value):
        return queryset.filter(zone__slug=value, zone__publication=Publication.PUBLISHED)


class MilestoneFilterSet(RegistryFilterSet):
    search_fields = ("title", "title_zh", "description")

    topic = django_filters.ChoiceFilter(choices=Topic.choices)
    source = django_filters.CharFilter(field_name="source__key", label=_("Source (key)"))
    year_from, year_to = year_range_filters("happened_on", _("Year"))

    class Meta:
        model = Milestone
        fields = []


class ClaimFilterSet(RegistryFilterSet):
    search_fields = ("value", "printed", "quote", "zone__name")

    field = django_filters.ChoiceFilter(choices=Claim.Field.choices)
    zone = django_filters.CharFilter(field_name="zone__slug", label=_("Zone (slug)"))
    source = django_filters.CharFilter(field_name="source__key", label=_("Source (key)"))

    class Meta:
        model = Claim
        fields = []
