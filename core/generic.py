"""One list view and one detail view for every registry model, as NetBox does: a model's views
name only their queryset, table and filterset; everything else is here."""

import sys
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from core.exports import csv_response, download_name, xlsx_response

PAGE_SIZES = (25, 50, 100, 200)
RELATED_SHOWN = 24  # a profile lists this many related records and links to the rest
EXPORT_FORMATS = ("csv", "xlsx")


def page_number(text: str, default: int) -> int:
    """A page number or size from the URL. Anything but digits (a sign, a decimal point, words)
    is the default; digits too many for a page (Python will not even read 100,000 of them) are
    a number past every page."""
    text = text.strip()
    if not (text.isascii() and text.isdecimal()):
        return default
    return int(text) if len(text) <= 18 else sys.maxsize


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
        table.paginate(page=1, per_page=self.page_size())
        number = page_number(self.request.GET.get("page", ""), default=1)
        # A page past the end shows the last page rather than an error.
        table.page = table.paginator.page(min(max(number, 1), table.paginator.num_pages))
        return table

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
        filterset = self.get_filterset(self.get_filterset_class())
        return filterset.qs if filterset.is_valid() else filterset.queryset.none()

    def export(self, export_format: str):
        rows = self.table_class(
            self.filtered(), order_by=self.request.GET.get("sort") or None
        ).as_values()
        with translation.override("en"):  # file names stay ASCII: "zones-2025-01-31.csv"
            name = download_name(str(self.model._meta.verbose_name_plural).replace(" ", "-"))
        if export_format == "csv":
            return csv_response(rows, name)
        return xlsx_response(rows, name, self.about_download())

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
    (an index gives them in order) and how many there are in all (an index-only count), two
    queries whatever the number."""
    records = list(queryset[:RELATED_SHOWN])
    url = f"{reverse(directory)}?{urlencode(filters)}" if directory else ""
    return RelatedRecords(records, queryset.count(), url)


class ObjectDetailView(DetailView):
    """A profile: one record, its relations, its figures and its sources. The template,
    `<app>/<model>_detail.html`, lays out what a model has to show."""

    list_url_name = ""  # defaults to "<app>:<model>_list"
    list_title = ""  # defaults to the model's plural name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meta = self.object._meta
        list_url = reverse(self.list_url_name or f"{meta.app_label}:{meta.model_name}_list")
        context["breadcrumbs"] = [
            home_crumb(),
            (self.list_title or meta.verbose_name_plural.capitalize(), list_url),
            (str(self.object), None),
        ]
        return context
