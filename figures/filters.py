import django_filters

from figures.models import Figure, Milestone, Source, Topic
from torchportal.filters import RegistryFilterSet, year_range_filters


class SourceFilterSet(RegistryFilterSet):
    search_fields = ("title", "title_zh", "publisher", "key")

    kind = django_filters.ChoiceFilter(choices=Source.Kind.choices, empty_label="All kinds")
    published_from, published_to = year_range_filters("published_on", "Published")

    class Meta:
        model = Source
        fields = []


class FigureFilterSet(RegistryFilterSet):
    search_fields = ("metric__name", "quote", "key")

    topic = django_filters.ChoiceFilter(choices=Topic.choices)
    metric = django_filters.CharFilter(field_name="metric__key", label="Metric (key)")
    source = django_filters.CharFilter(field_name="source__key", label="Source (key)")
    unit = django_filters.ChoiceFilter(choices=Figure.Unit.choices)
    qualifier = django_filters.ChoiceFilter(choices=Figure.Qualifier.choices)
    zone = django_filters.CharFilter(method="published_zone", label="Zone (slug)")
    programme = django_filters.CharFilter(field_name="programme__slug", label="Programme (slug)")

    class Meta:
        model = Figure
        fields = []

    def published_zone(self, queryset, name, value):
        return queryset.filter(zone__slug=value, zone__publication="published")


class MilestoneFilterSet(RegistryFilterSet):
    search_fields = ("title", "title_zh", "description")

    topic = django_filters.ChoiceFilter(choices=Topic.choices)
    source = django_filters.CharFilter(field_name="source__key", label="Source (key)")
    year_from, year_to = year_range_filters("happened_on", "Year")

    class Meta:
        model = Milestone
        fields = []
