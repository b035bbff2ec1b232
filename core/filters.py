"""What every directory's filters share: a text search over English and Chinese names, related
records typed by their address name, and year ranges."""

import functools
import operator

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Count, F, Max, Min, Q, Value
from django.db.models.functions import Concat
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_filters.utils import label_for_filter

from core.cache import kept, kept_count, query_key, reordered
from core.copies import CopiedLightly, copied_field, copied_filter
from core.search import document_condition, text_columns
from core.widgets import fields_html, make_plain


class RegistryFilterSet(django_filters.FilterSet):
    """A FilterSet whose `q` searches the fields listed in `search_fields`."""

    search_fields: tuple[str, ...] = ("name", "name_zh")
    # Extra conditions for search fields that cross a relation, by the relation's prefix.
    search_conditions: dict[str, dict] = {}

    q = django_filters.CharFilter(
        label=_("Search names (English or 中文)"), method="search", max_length=200
    )
    MAX_TERMS = 10  # words beyond these are ignored: each adds a condition to the query
    SORT_MATCHES_AT_MOST = 10_000

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        model = cls._meta.model
        for declared in filters.values():
            if declared._label is None and model is not None:
                # django-filter writes a label it takes from the model's field in the language
                # of the moment and keeps it; the form's class is made once: lazy, each page
                # reads it in its own language.
                declared.label = lazy(label_for_filter, str)(
                    model, declared.field_name, declared.lookup_expr, declared.exclude
                )
        return CopiedLightly(filters, copied_filter)

    def get_form_class(self):
        """The form's class, made once per filterset, with plain widgets (see core.widgets),
        its fields copied lightly for each form (see core.copies): they depend on no request
        (no filter here takes its choices from one). django-filter makes it for every page."""
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            form_class = super().get_form_class()
            make_plain(form_class.base_fields)
            form_class.base_fields = CopiedLightly(form_class.base_fields, copied_field)
            cls._form_class = form_class
        return cls._form_class

    @classmethod
    def searched(cls, queryset, text: str):
        """What the directory's search (`q`) finds in `queryset` for `text`, found as the
        directory finds it but without making the rest of its form (the site search asks
        every directory); None when the directory refuses the text."""
        search = cls(queryset=queryset).filters["q"]
        try:
            value = search.field.clean(text)
        except ValidationError:
            return None
        return search.filter(queryset.all(), value)

    def fields_html(self):
        """The form's fields, for the directory's page (see core.widgets.fields_html)."""
        return fields_html(self.form)

    def search(self, queryset, name, value):
        model = queryset.model
        columns = text_columns(model, self.search_fields)
        in_document = {name for name in self.search_fields if text_columns(model, [name])}
        # The matches, and the same with the condition of the search indexes (which finds them
        # when they are few; see core/search.py) where every searched field can be served: a
        # text column of the table's own (in its document), or a small table's (in memory).
        plain, index_conditions = queryset, []
        found_by_index = True
        for term in value.split()[: self.MAX_TERMS]:
            matches = candidates = Q()
            served = True
            for field in self.search_fields:
                extra = [Q(**extra) for prefix, extra in self.search_conditions.items()
                         if field.startswith(prefix)]  # fmt: skip
                ids = None if extra else small_table_matches(model, field, term)
                if ids is not None:  # a province's name: its records found in memory
                    condition = Q(**{f"{field.split('__')[0]}__in": ids})
                    candidates |= condition
                else:
                    condition = functools.reduce(
                        operator.and_, extra, Q(**{f"{field}__icontains": term})
                    )
                    served = served and field in in_document
                matches |= condition
            plain = plain.filter(matches)
            document = document_condition(model, columns, term) if served else None
            if document is not None:
                index_conditions.append(Q(document) | candidates)
            found_by_index = found_by_index and served
        indexed = plain.filter(*index_conditions) if index_conditions else plain
        if any(repeats_rows(model, field) for field in self.search_fields):
            plain, indexed = plain.distinct(), indexed.distinct()
        # Matches no index can find (a project's company's name) are walked along the order's
        # index, which stops once a page is full, rather than all found first to be sorted.
        sort_at_most = self.SORT_MATCHES_AT_MOST if found_by_index else 0
        return ordered_search(plain, indexed, sort_at_most)


def small_table_matches(model, path: str, term: str) -> list | None:
    """For a search field in a small table the model points to ("province__name"), the ids of
    its records whose field contains the term (as icontains: in any case), from the records
    kept in memory, so that the search needs no join; None for any other field."""
    from core.generic import labels  # core.generic lists with these filters

    if "__" not in path:
        return None
    relation, column = path.split("__", 1)
    field = model._meta.get_field(relation)
    if "__" in column or not field.many_to_one:
        return None
    related = field.related_model
    records = labels(related, whole=column not in related.label_fields())
    if records is None:
        return None
    term = term.upper()
    ids = [pk for pk, record in records.items() if term in (getattr(record, column) or "").upper()]
    return ids if len(ids) <= IDS_AT_MOST else None  # a word most zones hold: joined instead


IDS_AT_MOST = 200  # ids a search term sends for a field (SQLite takes a few thousand in all)


def repeats_rows(model, path: str) -> bool:
    """Whether searching `path` (a field, or one across relations: "province__name") joins a
    to-many relation, which repeats a record once per related row (and so needs DISTINCT,
    which PostgreSQL pays for by sorting every match). Joining along foreign keys does not."""
    for name in path.split("__")[:-1]:
        field = model._meta.get_field(name)
        if field.one_to_many or field.many_to_many:
            return True
        model = field.related_model
    return False


def ordered_search(plain, queryset, sort_at_most: int):
    """A search's matches (`queryset`, and `plain`: the same without the grams index's
    conditions), in an order PostgreSQL can give quickly.

    A few thousand matches, found through the search indexes, are simply sorted (see
    unindexed_ordering). Many matches would take long to sort; there the directory's order
    index gives the first page at once, if the walk along it starts where the matches start:
    the first and last matching values of the order's first column (a name, a year) are worked
    out once a data version, and the walk is kept between them. (A large directory's model
    declares the index its order needs, as projects do for year, then name.)"""
    ordering = queryset.query.order_by or queryset.model._meta.ordering
    column = ordering[0].lstrip("-") if ordering and isinstance(ordering[0], str) else ""
    try:
        nullable = bool(column) and queryset.model._meta.get_field(column).null
    except FieldDoesNotExist:  # across a relation, or an annotation
        column, nullable = "", False
    key = query_key(queryset)
    if key is None:
        return queryset
    statistics = kept(
        f"search:{column}:{key}",
        lambda: queryset.order_by().aggregate(
            count=Count("pk", distinct=queryset.query.distinct),
            **({"first": Min(column), "last": Max(column)} if column else {}),
        ),
    )
    kept_count(queryset, known=statistics["count"])
    if statistics["count"] <= sort_at_most or not column or statistics["first"] is None:
        return reordered(queryset, *unindexed_ordering(queryset))
    bounds = Q(**{f"{column}__gte": statistics["first"], f"{column}__lte": statistics["last"]})
    if nullable:
        bounds |= Q(**{f"{column}__isnull": True})  # Min and Max pass over records without one
    bounded = plain.filter(bounds)
    kept_count(bounded, known=statistics["count"])
    return bounded


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


def listed(model, order: str = "name"):
    """The records of a short table (provinces, sectors, programmes) as (slug, name) choices,
    in the page's language, listed once a data version."""

    def choices() -> list[tuple[str, str]]:
        key = f"choices:{model._meta.label}:{order}:{get_language()}"
        return kept(key, lambda: [(r.slug, str(r)) for r in model._default_manager.order_by(order)])

    return choices


def listed_filter(field: str, model, label, empty_label, order: str = "name"):
    """A related record picked from a short list, by its address name."""
    return django_filters.ChoiceFilter(
        field_name=f"{field}__slug",
        choices=listed(model, order),
        label=label,
        empty_label=empty_label,
    )


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


def described(filterset) -> str:
    """What a valid filterset selects, in words: "Kind: National STIPs; Province: Guangdong"."""
    if not filterset.is_bound or not filterset.is_valid():
        return ""
    parts = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", [], ()):
            continue
        field = filterset.form.fields[name]
        choices = dict(field.choices) if hasattr(field, "choices") else {}
        shown = choices.get(value, value) if isinstance(value, str | int) else value
        parts.append(f"{field.label}: {shown}")
    return "; ".join(parts)
