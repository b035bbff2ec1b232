import django_filters

from figures.models import Source
from torchportal.filters import RegistryFilterSet, year_range_filters


class SourceFilterSet(RegistryFilterSet):
    search_fields = ("title", "title_zh", "publisher", "key")

    kind = django_filters.ChoiceFilter(choices=Source.Kind.choices, empty_label="All kinds")
    published_from, published_to = year_range_filters("published_on", "Published")

    class Meta:
        model = Source
        fields = []
