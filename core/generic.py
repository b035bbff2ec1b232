"""One list view and one detail view for every registry model, as NetBox does: a model's views
name only their queryset, table and filterset; everything else is here."""

import itertools
import sys
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db.models import F, Q, Window
from django.db.models.functions import Mod, RowNumber
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from core.cache import kept, kept_count
from core.changes import Following, follow
from core.exports import csv_stream, download_name, slots, xlsx_file
from core.filters import described

PAGE_SIZES = (25, 50, 100, 200)
RELATED_SHOWN = 24  # a profile lists this many related records and links to the rest
EXPORT_FORMATS = ("csv", "xlsx")


def page_records(page, queryset, times: bool = False, count: int | None = None) -> list:
    """A page (a slice of `queryset`) read leanly, the records of small tables it names
    (provinces, sources, zones) from memory rather than joined (see labels). Where a larger
    table is still joined, in two steps: the ids, in order, from the records' own table; then
    those records with what they bring along. In one query PostgreSQL would join every match
    to its relations before it sorts them to keep the first 25.

    Given the selection's `count`, a page in its second half is read from the end, backwards
    (see total_order): PostgreSQL steps over every row before a page's offset, and the last
    page of 500,000 companies would otherwise step over them all."""
    start, stop = page.query.low_mark, page.query.high_mark
    if count is not None and stop is not None and totally_ordered(page):
        if (jumped := from_landmark(queryset, start, stop, count)) is not None:
            page = jumped
        elif count - stop < start and reversible(queryset):
            whole = queryset.all()
            backwards = whole.reverse()[max(count - stop, 0) : count - start]
            return page_records(backwards, whole, times)[::-1]
    page, remembered = remembering(page)
    if page.query.select_related:
        ids = list(page.values_list("pk", flat=True))
        records = remembering(queryset.order_by().filter(pk__in=ids))[0]
        by_id = {record.pk: record for record in lean(records, times)}
        records = [by_id[pk] for pk in ids]
    else:
        records = list(lean(page, times))
    for field, known in remembered.items():
        from_memory(records, field, known)
    return records


def total_order(queryset):
    """`queryset` in its order, stated (not left to Meta.ordering, which Django drops under
    GROUP BY), ties then broken by the primary key in the direction of the order's last
    column (the companies' and projects' order indexes end with it), so that a page read from
    a landmark or from the end (see page_records) holds the records one read from the start
    would."""
    if queryset.query.order_by and totally_ordered(queryset):
        return queryset
    ordering = list(ordering_of(queryset))
    if not totally_ordered(queryset):
        last = ordering[-1] if ordering else "pk"
        descending = (
            last.startswith("-") if isinstance(last, str) else getattr(last, "descending", False)
        )
        ordering.append("-pk" if descending else "pk")
    return queryset.order_by(*ordering)


def reversible(queryset) -> bool:
    """Whether queryset.reverse() gives exactly the reverse order: not where a term names a
    relation (ordered by the related model's Meta.ordering, whose expressions Django does not
    turn round)."""
    model = queryset.model
    for term in queryset.query.order_by:
        if not isinstance(term, str):
            continue
        current = model
        for name in term.lstrip("-").split("__"):
            if name == "pk":
                break
            try:
                field = current._meta.get_field(name)
            except FieldDoesNotExist:
                return False  # an annotation: left as it was
            current = field.related_model if field.is_relation else None
        else:
            if current is not None:  # the path ends at a relation
                return False
    return True


LANDMARKS_EVERY = 1_000  # rows between two landmarks of a long selection (see from_landmark)
LANDMARKS_PAST = 20_000  # pages this far in are read from a landmark; nearer, an offset is cheap


def from_landmark(queryset, start: int, stop: int, count: int):
    """The slice start:stop of a long `queryset` (totally ordered by its own columns, none of
    them empty), as the rows from its nearest landmark on: the order's values of every
    LANDMARKS_EVERY-th row, worked out once a data version for each selection and order that
    is paged past LANDMARKS_PAST (one query numbering every row: 280 ms for 500,000 companies).
    PostgreSQL steps over every row before a page's offset; from a landmark it steps over
    fewer than LANDMARKS_EVERY, wherever the page (page 10,000 of 500,000 companies: 42 ms ->
    9). None where there are no landmarks: a page nearer the start, an order by a relation,
    an expression or a column that may be empty."""
    query = queryset.query
    if start < LANDMARKS_PAST or not query.order_by or query.distinct or query.group_by is not None:
        return None  # (numbered rows before DISTINCT or GROUP BY are not the records' places)
    model = queryset.model
    order = []
    for term in query.order_by:
        name = term.lstrip("-") if isinstance(term, str) else ""
        name = model._meta.pk.name if name == "pk" else name
        try:
            field = model._meta.get_field(name) if name else None
        except FieldDoesNotExist:
            field = None
        if field is None or not field.concrete or field.null or field.is_relation:
            return None
        order.append((field.attname, term.startswith("-")))
    landmarks = kept(f"landmarks:{LANDMARKS_EVERY}:{ordered_key(queryset)}", lambda: list(
        queryset.annotate(position=Window(RowNumber(), order_by=query.order_by))
        .alias(place=Mod(F("position") - 1, LANDMARKS_EVERY))
        .filter(place=0)
        .values_list(*[name for name, _ in order])
    ))  # fmt: skip
    number = min(start // LANDMARKS_EVERY, len(landmarks) - 1)
    if number < 1:
        return None
    skipped = number * LANDMARKS_EVERY
    return queryset.filter(at_or_after(order, landmarks[number]))[start - skipped : stop - skipped]


def at_or_after(order: list[tuple[str, bool]], values: tuple) -> Q:
    """The rows at or after `values` in the order (columns, each ascending or descending):
    the first column's range, which an index on the order serves, and, on its edge, the
    next columns compared in turn."""
    *before, (last, descending) = order
    after = Q(**{f"{last}__{'lte' if descending else 'gte'}": values[-1]})
    for (name, descending), value in reversed(list(zip(before, values, strict=False))):
        after = Q(**{f"{name}__{'lt' if descending else 'gt'}": value}) | (
            Q(**{name: value}) & after
        )
    first, descending = order[0]
    return Q(**{f"{first}__{'lte' if descending else 'gte'}": values[0]}) & after


def ordered_key(queryset) -> str:
    """A key for a selection in its order (query_key leaves the order out)."""
    sql, params = queryset.values("pk").query.sql_with_params()
    return f"{queryset.db}:{sql}:{params!r}"


def ordering_of(queryset) -> tuple | list:
    """The queryset's order: its own, or its model's default."""
    query = queryset.query
    return query.order_by or (queryset.model._meta.ordering if query.default_ordering else [])


def totally_ordered(queryset) -> bool:
    """Whether the queryset's order ends with its primary key (see total_order)."""
    ordering = ordering_of(queryset)
    last = ordering[-1] if ordering else ""
    return isinstance(last, str) and last.lstrip("-") in ("pk", queryset.model._meta.pk.name)


def remembering(queryset, whole: bool = False):
    """`queryset` joining only the relations (select_related) to large tables, and the others'
    records, which come from memory (see labels): {field: records by id}."""
    related = queryset.query.select_related
    related = related if isinstance(related, dict) else {}
    remembered = {}
    for name, further in related.items():
        field = queryset.model._meta.get_field(name)
        known = None if further else labels(field.related_model, whole)
        if known is not None:
            remembered[field] = known
    if remembered:
        queryset = queryset.select_related(None)
        joined = [name for name in related if name not in {f.name for f in remembered}]
        if joined:
            queryset = queryset.select_related(*joined)
    return queryset, remembered


def from_memory(records, field, known: dict, whole: bool = False) -> None:
    """Give each record its related record of `field` from `known` (see labels), reading the
    few made since the data version moved."""
    wanted = {getattr(record, field.attname) for record in records} - {None}
    if missing := wanted - known.keys():
        known = {**known, **label_records(field.related_model, whole).in_bulk(missing)}
    for record in records:
        field.set_cached_value(record, known.get(getattr(record, field.attname)))


LABELS_AT_MOST = 5_000  # records of a table kept in memory for the pages that name them


def labels(model, whole: bool = False) -> dict | None:
    """Every record of a small table (at most LABELS_AT_MOST), by id, with only what its name
    and link need (whole: every field but its timestamps): kept once a data version and
    shared, read only, by the pages naming them. None for a larger table."""

    def every_record():
        records = label_records(model, whole)
        return None if records.count() > LABELS_AT_MOST else records.in_bulk()

    return kept(f"labels:{model._meta.label}:{whole}", every_record)


def label_records(model, whole: bool = False):
    if whole:
        return model._base_manager.defer(*TIMESTAMPS)
    return model._base_manager.only(*model.label_fields())


def lean(queryset, times: bool = False):
    """The records without their created and updated times (no table shows them; `times`:
    with them, for the API, which does), and of the records they bring along (select_related)
    only what their names and links need."""
    model = queryset.model
    unshown = () if times else TIMESTAMPS
    fields = [f.name for f in model._meta.concrete_fields if f.name not in unshown]
    related = queryset.query.select_related
    for name in related if isinstance(related, dict) else {}:
        label = model._meta.get_field(name).related_model.label_fields()
        fields += [f"{name}__{field}" for field in label]
    return queryset.only(*fields)


class CountedPaginator(Paginator):
    """A paginator told how many records there are (counted once, elsewhere)."""

    def __init__(self, object_list, per_page, *args, count: int, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.__dict__["count"] = count  # Paginator.count is a cached property


def page_number(text: str, default: int) -> int:
    """A page number or size from the URL. Anything but digits (a sign, a decimal point, words)
    is the default; digits too many for a page (Python will not even read 100,000 of them) are
    a number past every page."""
    text = text.strip()
    if not (text.isascii() and text.isdecimal()):
        return default
    return int(text) if len(text) <= 18 else sys.maxsize


def every_record(queryset, batch: int = 2000):
    """For a download: every record, read through a cursor a batch at a time, without its
    created and updated times (no table shows them). The records it brings along
    (select_related) are read once each for the whole download, and only what their names and
    citations need: a company's province is one object shared by its thousands of companies,
    not a new one made for each row (that was most of a download's work)."""
    model = queryset.model
    related = queryset.query.select_related
    relations = {
        name: model._meta.get_field(name) for name in (related if isinstance(related, dict) else {})
    }
    own = [f.name for f in model._meta.concrete_fields if f.name not in TIMESTAMPS]
    known = {name: {} for name in relations}
    rows = queryset.select_related(None).only(*own).iterator(chunk_size=batch)
    while chunk := list(itertools.islice(rows, batch)):
        for name, field in relations.items():
            named = {getattr(record, field.attname) for record in chunk} - {None}
            wanted = named - known[name].keys()
            if len(known[name]) + len(wanted) > KNOWN_AT_MOST:
                known[name].clear()  # the memory a download may take stays small
                wanted = named
            if wanted:
                labels = field.related_model._base_manager.only(*field.related_model.label_fields())
                known[name].update(labels.in_bulk(wanted))
            for record in chunk:
                field.set_cached_value(record, known[name].get(getattr(record, field.attname)))
        yield from chunk


TIMESTAMPS = ("created_at", "updated_at")
KNOWN_AT_MOST = 10_000  # related records a download keeps at once, of each relation


def refused(request, too_big: bool):
    """A download not made: a selection too large for XLSX (400), or too many downloads being
    made at once (503, come back shortly). Each says why and what to do instead."""
    limit = f"{settings.XLSX_ROW_LIMIT:,}"
    if too_big:
        heading = gettext("Too many rows for a spreadsheet")
        message = gettext(
            "An XLSX download holds at most %(limit)s rows, and this selection has more. Take "
            "the CSV download, which has no limit, or the whole dataset from the open data page; "
            "or narrow the selection with the filters."
        ) % {"limit": limit}
    else:
        heading = gettext("Too many downloads at once")
        message = gettext(
            "The server is making as many downloads as it makes at once, so that the pages stay "
            "quick for everyone. Please try again in a minute."
        )
    response = render(
        request,
        "core/download_refused.html",
        {"title": heading, "message": message, "back": request.path},
        status=400 if too_big else 503,
    )
    if not too_big:
        response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response


def home_crumb():
    return (gettext("Home"), reverse("home"))


class ObjectListView(SingleTableMixin, FilterView):
    """A directory: a sortable, paginated table of what the filters select, whose whole state
    lives in the URL, and the same rows as CSV or XLSX."""

    template_name = "core/object_list.html"
    title = ""  # defaults to the model's plural name
    description = ""

    @classmethod
    def get_title(cls) -> str:
        return cls.title or cls.queryset.model._meta.verbose_name_plural.capitalize()

    @property
    def model(self):
        return self.queryset.model

    def get_table_pagination(self, table):
        return False  # get_table paginates, so that no page size outside PAGE_SIZES is served

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)  # ordered by ?sort=
        table.caption = self.get_title()
        table.data.data = records = total_order(table.data.data)
        # The selection's size, once a data version.
        count = kept_count(records, selection=self.selection())
        table.paginate(paginator_class=CountedPaginator, per_page=self.page_size(), count=count)
        number = page_number(self.request.GET.get("page", ""), default=1)
        # A page past the end shows the last page rather than an error.
        table.page = table.paginator.page(min(max(number, 1), table.paginator.num_pages))
        table.page.object_list.data = page_records(
            table.page.object_list.data, records, count=count
        )
        return table

    def selection(self) -> str:
        """What the filters select, as a key: the directory and the values its filters read
        (each as its widget reads them from the address), which say what the query's SQL says
        (the directory's queryset is the same for everyone) without writing it out (a tenth
        of the page's queries' time)."""
        form = self.filterset.form
        values = [(name, form[name].data) for name in self.filterset.filters]
        return f"{type(self).__module__}.{type(self).__qualname__}:{values!r}"

    def page_size(self) -> int:
        size = page_number(self.request.GET.get("per_page", ""), default=PAGE_SIZES[0])
        return size if size in PAGE_SIZES else PAGE_SIZES[0]

    def get(self, request, *args, **kwargs):
        export = request.GET.get("export")
        if export is None:
            return super().get(request, *args, **kwargs)
        if export not in EXPORT_FORMATS:
            return HttpResponseBadRequest(gettext("Downloads come as export=csv or export=xlsx."))
        return self.export(export)

    def filtered(self):
        if not hasattr(self, "filterset"):  # FilterView.get makes it for the page
            self.filterset = self.get_filterset(self.get_filterset_class())
        filterset = self.filterset  # unbound (no query string): everything
        usable = not filterset.is_bound or filterset.is_valid()
        return filterset.qs if usable else filterset.queryset.none()

    def following(self) -> Following:
        """The directory's feed: the changes to the records its filters select."""
        records = self.filtered()
        selection = described(self.filterset)
        title = self.get_title()
        if selection:
            title = gettext("%(directory)s (%(selection)s)") % {
                "directory": title,
                "selection": selection,
            }
        return follow(self.request, title, records)

    def export(self, export_format: str):
        """The whole selection, in the table's order, every column (hidden ones too): a CSV
        streamed as it is read, or an XLSX of at most XLSX_ROW_LIMIT rows."""
        table = self.table_class(self.filtered(), order_by=self.request.GET.get("sort") or None)
        records = table.data.data  # filtered, and ordered as the table orders it
        with translation.override("en"):  # file names stay ASCII: "zones-2025-01-31.csv"
            name = download_name(str(self.model._meta.verbose_name_plural).replace(" ", "-"))
        if export_format == "xlsx" and records.count() > settings.XLSX_ROW_LIMIT:
            return refused(self.request, too_big=True)
        slot = slots.take()
        if slot is None:
            return refused(self.request, too_big=False)
        rows = table.values(every_record(records))
        if export_format == "csv":
            return csv_stream(rows, name, slot)
        return xlsx_file(rows, name, self.about_download(), slot)

    def about_download(self) -> list[tuple[str, str]]:
        return [
            (
                gettext("Download"),
                gettext("%(title)s from Torch Portal") % {"title": self.get_title()},
            ),
            (gettext("Selection"), self.request.build_absolute_uri()),
            (
                gettext("Each row's source"),
                gettext("the Source column names the document its facts come from"),
            ),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.get_title(),
            description=self.description,
            breadcrumbs=[home_crumb(), (self.get_title(), None)],
            page_sizes=PAGE_SIZES,
            result_count=context["table"].paginator.count,
            download_urls={name: context["table"].download_url(name) for name in EXPORT_FORMATS},
            xlsx_row_limit=settings.XLSX_ROW_LIMIT,
            following=self.following(),
        )
        return context


@dataclass
class RelatedRecords:
    """The first records of a relation, how many there are, and the directory listing all."""

    records: list
    count: int
    directory_url: str = ""

    def __bool__(self):
        return self.count > 0

    @property
    def more(self) -> bool:
        return self.count > len(self.records)


def related_records(queryset, directory: str = "", **filters) -> RelatedRecords:
    """A profile's list of related records, however many there are: the first RELATED_SHOWN
    (an index gives them in order), with only what the list shows (name, link, city), and how
    many there are in all (counted once a data version)."""
    count = kept_count(queryset)
    if not count:  # known once a data version: most zones have no zones inside them
        return RelatedRecords([], 0)
    model = queryset.model
    shown = [*model.label_fields(), *(["city"] if hasattr(model, "city") else [])]
    # Its relations' ids too: a related manager's records are given the record they belong to.
    shown += [field.name for field in model._meta.concrete_fields if field.is_relation]
    records = list(queryset.select_related(None).only(*shown)[:RELATED_SHOWN])
    url = f"{reverse(directory)}?{urlencode(filters)}" if directory else ""
    return RelatedRecords(records, count, url)


def unless_empty(queryset, at_most: int | None = None) -> list:
    """A profile's list (its figures, milestones, claims; the first `at_most`), or nothing
    without a query when it is known (once a data version) to be empty: most records have none
    of some of them. The records of small tables they name (sources, metrics) come from memory
    (see labels)."""
    if not kept_count(queryset):
        return []
    queryset, remembered = remembering(queryset, whole=True)
    records = list(queryset[:at_most])
    for field, known in remembered.items():
        from_memory(records, field, known, whole=True)
    return records


class ObjectDetailView(DetailView):
    """A profile: one record, its relations, its figures and its sources. The template,
    `<app>/<model>_detail.html`, lays out what a model has to show."""

    list_url_name = ""  # defaults to "<app>:<model>_list"
    list_title = ""  # defaults to the model's plural name

    def get_object(self, queryset=None):
        """The record, and the records of small tables it names (its province, its source) from
        memory, whole, rather than joined."""
        queryset, remembered = remembering(
            self.get_queryset() if queryset is None else queryset, whole=True
        )
        record = super().get_object(queryset)
        for field, known in remembered.items():
            from_memory([record], field, known, whole=True)
        return record

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meta = self.object._meta
        list_url = reverse(self.list_url_name or f"{meta.app_label}:{meta.model_name}_list")
        context["breadcrumbs"] = [
            home_crumb(),
            (self.list_title or meta.verbose_name_plural.capitalize(), list_url),
            (str(self.object), None),
        ]
        context["following"] = self.following()
        return context

    def following(self) -> Following:
        """The profile's feed: the record's own changes."""
        record = getattr(self, "object", None) or self.get_object()
        return follow(self.request, str(record), self.get_queryset().filter(pk=record.pk))
