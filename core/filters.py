"""What every directory's filters share: a text search over English and Chinese names, related
records typed by their address name, and year ranges."""

import django_filters
from django import forms
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Concat
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.widgets import make_plain


class RegistryFilterSet(django_filters.FilterSet):
    """A FilterSet whose `q` searches the fields listed in `search_fields`."""

    search_fields: tuple[str, ...] = ("name", "name_zh")
    # Extra conditions for search fields that cross a relation, by the relation's prefix.
    search_conditions: dict[str, dict] = {}

    q = django_filters.CharFilter(
        label=_("Search names (English or 中文)"), method="search", max_length=200
    )
    MAX_TERMS = 10  # words beyond these are ignored: each adds a condition to the query

    @property
    def form(self):
        if not hasattr(self, "_form"):
            make_plain(super().form)
        return self._form

    def search(self, queryset, name, value):
        terms = value.split()[: self.MAX_TERMS]
        for term in terms:
            matches = Q()
            for field in self.search_fields:
                condition = Q(**{f"{field}__icontains": term})
                for prefix, extra in self.search_conditions.items():
                    if field.startswith(prefix):
                        condition &= Q(**extra)
                matches |= condition
            queryset = queryset.filter(matches)
        queryset = queryset.order_by(*unindexed_ordering(queryset))
        return queryset.distinct() if any("__" in f for f in self.search_fields) else queryset


def unindexed_ordering(queryset) -> list:
    """The queryset's order, with text columns sorted as expressions (name || '') that no index
    serves. Why: for "ORDER BY name LIMIT 25" PostgreSQL walks the name index hoping matches are
    spread evenly; when they cluster (every name starting 北京...) it reads most of the table.
    Sorting the few thousand matches the search index found is always quick."""
    ordering = []
    for term in queryset.query.order_by or queryset.model._meta.ordering:
        if not isinstance(term, str):
            ordering.append(term)
            continue
        name = term.lstrip("-")
        field = queryset.model._meta.get_field(name) if "__" not in name else None
        if isinstance(field, models.CharField):
            expression = Concat(F(name), Value(""), output_field=models.CharField())
            ordering.append(expression.desc() if term.startswith("-") else expression.asc())
        else:
            ordering.append(term)
    return ordering


def record_filter(field: str, queryset, label):
    """A related record (a zone, an incubator) named by its address name, typed rather than
    picked from a list: there are thousands of them. Profiles link here with it filled in."""
    return django_filters.ModelChoiceFilter(
        field_name=field,
        to_field_name="slug",
        queryset=queryset,
        label=label,
        widget=forms.TextInput(attrs={"placeholder": _("its address name, as in its link")}),
    )


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


def year_range_filters(field: str, label: str):
    """Two filters, from and to a year, on a date or year field. Years are whole numbers a
    calendar holds (1 to 9999); anything else is explained as a bad filter, not a crash."""
    lookup = field if field.endswith("year") else f"{field}__year"
    options = {"field_name": lookup, "min_value": 1, "max_value": 9999}
    return (
        YearFilter(lookup_expr="gte", label=format_lazy(_("{label} from"), label=label), **options),
        YearFilter(lookup_expr="lte", label=format_lazy(_("{label} to"), label=label), **options),
    )
