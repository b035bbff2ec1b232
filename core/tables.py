"""What every registry table shares: its columns, and rows made in Python.

django-tables2 renders each cell through the template engine and inspects the column's render
method for every cell, which for a directory page costs more than all its queries; and its
downloads go through the same machinery row by row. Here each column's way to its cell is
worked out once per table, and a row is a few attribute reads and string joins, with the same
values, links and escaping as django-tables2's (the tests compare them). Columns the quick way
does not know (a table's own render_<name>, linkify options) take django-tables2's way.
"""

import inspect
import itertools
from collections.abc import Callable, Iterable
from urllib.parse import urlencode

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_tables2.rows import BoundRow
from django_tables2.templatetags.django_tables2 import table_page_range
from django_tables2.utils import AttributeDict, OrderBy

from core.copies import CopiedLightly
from core.html import escaped
from core.language import language_settled

CELL_ARGUMENTS = {"value", "record", "column", "bound_column", "bound_row", "table"}


def _called_with_what_it_takes(method: Callable) -> Callable[[dict], object]:
    """A column's render or value method, called with just the cell arguments it declares."""
    parameters = inspect.signature(method).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()):
        return lambda arguments: method(**arguments)
    wanted = [name for name in parameters if name in CELL_ARGUMENTS]
    return lambda arguments: method(**{name: arguments[name] for name in wanted})


def link(url, content) -> SafeString:
    return SafeString(f'<a href="{escaped(url)}">{escaped(content)}</a>')


def is_public(record) -> bool:
    return getattr(record, "is_published", True)


class RegistryTable(tables.Table):
    class Meta:
        empty_text = _("Nothing matches these filters.")
        attrs = {"class": "table table-sm table-hover align-middle"}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Each table copies its class's columns lightly (see core.copies): a column's own
        # attributes (visible, accessor) are set on the copy, its declared ones shared.
        cls.base_columns = CopiedLightly(cls.base_columns)

    # The page's table ------------------------------------------------------------------------

    def html(self) -> SafeString:
        """The table with its header, the current page's rows and links to the other pages, in
        django-tables2's Bootstrap 5 layout, made in Python: its template took longer than all
        the page's queries. Sort and page links keep the rest of the address."""
        caption = (
            f'<caption class="visually-hidden">{escaped(self.caption)}</caption>'
            if getattr(self, "caption", None)
            else ""
        )
        header = f"<thead >\n<tr>{self._header_cells()}</tr>\n</thead>"
        rows = self.rows_html()
        if not rows and self.empty_text:
            colspan = len(self.columns)
            rows = f'<tr><td colspan="{colspan}">{escaped(self.empty_text)}</td></tr>'
        attributes = AttributeDict({"class": "table", **self.attrs}).as_html()
        return mark_safe(
            f'<div class="table-container table-responsive">\n<table {attributes}>\n{caption}\n'
            f"{header if self.show_header else ''}\n<tbody >\n{rows}\n</tbody>\n</table>\n"
            f"{self._page_links()}</div>"
        )

    def _address(self, **changes) -> str:
        """This page's address (its query string) with some parameters changed (None: left
        out), escaped for HTML."""
        parameters = dict(self.request.GET.lists())
        parameters.update({key: [value] for key, value in changes.items()})
        kept = {key: values for key, values in parameters.items() if values != [None]}
        return escaped("?" + urlencode(kept, doseq=True))

    def _addresses(self, key: str) -> Callable[[object], str]:
        """address(value): this page's address with `key` set to value, the rest of the query
        string kept in its place and encoded once for all the links that change only `key`
        (the sort links, the page links)."""
        parameters = list(self.request.GET.lists())
        names = [name for name, _values in parameters]
        position = names.index(key) if key in names else len(names)
        before = urlencode(parameters[:position], doseq=True)
        after = urlencode(parameters[position + 1 :], doseq=True)

        def address(value) -> str:
            parts = (before, urlencode({key: value}), after)
            return escaped("?" + "&".join(part for part in parts if part))

        return address

    def download_url(self, export_format: str) -> SafeString:
        """The selection in its order, as a download ("csv", "xlsx"), from the first row."""
        return mark_safe(self._address(export=export_format, page=None))

    _columns_parts: dict = {}  # the visible columns' parts, by table class, language and order

    def _column_parts(self) -> list[tuple]:
        """Each visible column's header cell's opening tag, its words, the order its link asks
        for (None: no link), the link's title, and the column's <td> opening tag. They depend
        only on the table's class, columns, order and language, and are worked out once for
        each (dt2's column attributes took most of a table's header)."""
        if "_parts" in self.__dict__:
            return self.__dict__["_parts"]
        # A column's sort state is its first alias in the order (?sort=name,name is name).
        order = {OrderBy(alias).bare: alias for alias in reversed(self.order_by or ())}
        key = (
            type(self),
            get_language(),
            tuple(c.name for c in self.columns),
            tuple(order.items()),
        )
        parts = self._columns_parts.get(key)
        if parts is None:
            if len(self._columns_parts) >= 1000:  # any number of sort orders can be asked for
                self._columns_parts.clear()
            parts = [self._parts_of(column) for column in self.columns]
            self._columns_parts[key] = parts
        self.__dict__["_parts"] = parts
        return parts

    def _parts_of(self, column) -> tuple:
        attrs = column.attrs
        td = attrs["td"].as_html()
        td = f"<td {td}>" if td else "<td >"
        sort = ""
        if column.is_ordered:
            direction = "descending" if column.order_by_alias.is_descending else "ascending"
            sort = f' aria-sort="{direction}"'
        opening = f'<th {attrs["th"].as_html()} scope="col"{sort}>'
        header = escaped(column.header)
        if not column.orderable:
            return opening, header, None, "", td
        title = gettext("Sort by %(column_name)s") % {
            "column_name": escaped(str(column.header).lower())
        }
        return opening, header, column.order_by_alias.next, title, td

    def _header_cells(self) -> str:
        """The header's cells; only the sort links, which keep the rest of the address, are
        made for each page."""
        sorted_by = self._addresses(self.prefixed_order_by_field)
        cells = []
        for opening, header, next_order, title, _td in self._column_parts():
            if next_order is not None:
                header = f'<a href="{sorted_by(next_order)}" title="{title}">{header}</a>'
            cells.append(f"{opening}{header}</th>")
        return "".join(cells)

    def _page_links(self) -> str:
        page = getattr(self, "page", None)
        if not page or self.paginator.num_pages <= 1:
            return ""
        field = self.prefixed_page_field
        at_page = self._addresses(field)
        previous, following, navigation = (
            gettext("previous"),
            gettext("next"),
            gettext("Table navigation"),
        )
        items = []
        if page.has_previous():
            address = at_page(page.previous_page_number())
            items.append(
                f'<li class="previous page-item"><a href="{address}" class="page-link">'
                f'<span aria-hidden="true">&laquo;</span> {previous}</a></li>'
            )
        for number in table_page_range(page, self.paginator):
            active = " active" if number == page.number else ""
            href = f' href="{at_page(number)}"' if number != "..." else ""
            items.append(
                f'<li class="page-item{active}"><a class="page-link"{href}>{number}</a></li>'
            )
        if page.has_next():
            address = at_page(page.next_page_number())
            items.append(
                f'<li class="next page-item"><a href="{address}" class="page-link">'
                f'{following} <span aria-hidden="true">&raquo;</span></a></li>'
            )
        return (
            f'<nav aria-label="{navigation}">\n'
            f'<ul class="pagination justify-content-center">\n{"".join(items)}\n</ul>\n</nav>\n'
        )

    # Rows ------------------------------------------------------------------------------------

    def rows_html(self) -> SafeString:
        """The current page's rows, as django-tables2's template would write them."""
        columns = [
            (parts[-1], self._cell(bound_column, "render"))
            for parts, bound_column in zip(self._column_parts(), self.columns, strict=True)
        ]
        lines = []
        with language_settled():
            for number, row in enumerate(self.paginated_rows):  # BoundRows of the page's records
                cells = "".join(
                    f"{opening}{escaped(localize(cell(row.record, row)))}</td>"
                    for opening, cell in columns
                )
                lines.append(f'<tr class="{"odd" if number % 2 else "even"}">{cells}</tr>')
        return mark_safe("\n".join(lines))

    def values(self, records: Iterable) -> Iterable[list]:
        """A download's rows, headers first: every column, hidden ones too, as plain values,
        for records given in any number (a server-side cursor's, say)."""
        columns = [c for c in self.columns.iterall() if not c.column.exclude_from_export]
        yield [str(column.header) for column in columns]
        cells = [self._cell(column, "value") for column in columns]
        records = iter(records)
        while batch := list(itertools.islice(records, 500)):
            with language_settled():
                rows = [[cell(record, None) for cell in cells] for record in batch]
            yield from rows

    def _cell(self, bound_column, method: str) -> Callable:
        """cell(record, bound_row or None) -> the column's rendered content ("render") or plain
        value ("value") for that record."""
        name, column = bound_column.name, bound_column.column
        own = hasattr(self, f"render_{name}") or hasattr(self, f"value_{name}")
        quick = None if own else getattr(column, f"quick_{method}", None)
        if quick is None and not own and type(column) is tables.Column:
            quick = self._plain(bound_column, method)
        if quick is not None:
            default = bound_column.default if method == "render" else None
            return lambda record, row: quick(record, default)
        return self._slow_cell(bound_column, method)

    def _plain(self, bound_column, method: str) -> Callable | None:
        """A plain column's cell: the attribute (its choice's label for a field with choices),
        the default when empty, and with linkify=True a link to the record it names (or to the
        row's record)."""
        column, accessor = bound_column.column, str(bound_column.accessor)
        options = column.link.__dict__ if column.link else {}
        if (
            "__" in accessor
            or "." in accessor
            or any(options.get(option) for option in ("url", "attrs", "accessor", "reverse_args"))
        ):
            return None
        try:
            field = self._meta.model._meta.get_field(accessor)
        except (AttributeError, FieldDoesNotExist):
            return None
        # A field with choices shows its label (get_FOO_display(), looked up once here).
        labels = (
            {k: str(v) for k, v in field.flatchoices} if getattr(field, "choices", None) else None
        )
        empty, linked = column.empty_values, method == "render" and bool(column.link)

        def cell(record, default):
            raw = getattr(record, accessor)
            value = labels.get(raw, raw) if labels is not None else raw
            if value in empty:
                return default
            if not linked:
                return value
            target = raw if hasattr(raw, "get_absolute_url") else record
            return link(target.get_absolute_url(), value)

        return cell

    def _slow_cell(self, bound_column, method: str) -> Callable:
        """django-tables2's own way to a cell, minus its signature inspection for every cell."""
        call = _called_with_what_it_takes(getattr(bound_column, method))
        transform = bound_column.link if method == "render" else None
        default = bound_column.default if method == "render" else None

        def cell(record, row):
            row = row or BoundRow(record, table=self)

            def make(bound_column, value=None):
                arguments = row._optional_cell_arguments(bound_column, value)
                content = call(arguments)
                return transform(content, **arguments) if transform else content

            return row._get_and_render_with(bound_column, render_func=make, default=default)

        return cell


class VagueDateColumn(tables.Column):
    """A date shown as precisely as its source gives it ("May 1988"), sorted by the date."""

    def __init__(self, name: str, **kwargs):
        self.vague_name = name
        kwargs.setdefault("order_by", f"{name}_on")
        kwargs.setdefault("accessor", f"{name}_on")
        super().__init__(**kwargs)

    def render(self, record, bound_column):
        return record.vague_date(self.vague_name) or bound_column.default

    def value(self, record, value):
        date = record.vague_date(self.vague_name)
        return date.iso() if date else ""

    def quick_render(self, record, default):
        return record.vague_date(self.vague_name) or default

    def quick_value(self, record, default):
        date = record.vague_date(self.vague_name)
        return date.iso() if date else default


class NameColumn(tables.Column):
    """A record's name in the active language (Chinese pages show the Chinese name when known),
    linked to its page."""

    def __init__(self, **kwargs):
        kwargs.setdefault("linkify", True)
        kwargs.setdefault("verbose_name", _("Name"))
        super().__init__(**kwargs)

    def render(self, record):
        return record.display_name

    def value(self, record):
        return record.display_name

    def quick_render(self, record, default):
        if record.name in self.empty_values:
            return default
        return (
            link(record.get_absolute_url(), record.display_name)
            if self.link
            else record.display_name
        )

    def quick_value(self, record, default):
        return default if record.name in self.empty_values else record.display_name


class OtherNameColumn(tables.Column):
    """The name in the other language: the Chinese name on English pages and the other way round."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "verbose_name", pgettext_lazy("the name in the other language", "Chinese name")
        )
        kwargs.setdefault("accessor", "name_zh")
        super().__init__(**kwargs)

    def render(self, record, bound_column):
        return record.other_name or bound_column.default

    def value(self, record):
        return record.other_name

    def quick_render(self, record, default):
        return default if record.name_zh in self.empty_values else record.other_name or default

    def quick_value(self, record, default):
        return default if record.name_zh in self.empty_values else record.other_name


def public_url(value):
    """The related record's page, or None (no link at all) while it is a draft."""
    return value.get_absolute_url() if is_public(value) else None


class PublishedLinkColumn(tables.Column):
    """A related record, linked when the public may see it and left out while it is a draft."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("linkify", public_url)
        super().__init__(*args, **kwargs)

    def render(self, value, record, bound_column):
        if not is_public(value):
            return bound_column.default
        return super().render(value)

    def value(self, value):
        return str(value) if is_public(value) else ""

    def quick_render(self, record, default):
        related = getattr(record, self._related_name)
        if related in self.empty_values or not is_public(related):
            return default
        return link(related.get_absolute_url(), related)

    def quick_value(self, record, default):
        related = getattr(record, self._related_name)
        if related in self.empty_values:
            return default
        return str(related) if is_public(related) else ""

    @property
    def _related_name(self) -> str:
        return str(self.accessor)


class AmountColumn(tables.Column):
    """An amount of money: grouped digits on the page (1,500,000), the number in downloads."""

    def __init__(self, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "text-end"}})
        super().__init__(**kwargs)

    def render(self, value):
        return f"{value:,.0f}"

    def value(self, value):
        return value

    def quick_render(self, record, default):
        value = getattr(record, str(self.accessor))
        return default if value in self.empty_values else f"{value:,.0f}"

    def quick_value(self, record, default):
        value = getattr(record, str(self.accessor))
        return default if value in self.empty_values else value


class SourceColumn(tables.Column):
    """The source of a row's facts: hidden on the page (the profile shows it), in every download."""

    def __init__(self, **kwargs):
        kwargs.setdefault("visible", False)
        kwargs.setdefault("verbose_name", _("Source"))
        super().__init__(**kwargs)

    def value(self, record, value):
        return value.citation if value else ""

    def quick_value(self, record, default):
        source = getattr(record, str(self.accessor))
        if source in self.empty_values:
            return default
        # A download cites a few sources many times over: each citation is made once.
        citations = self.__dict__.setdefault("_citations", {})
        if source.pk not in citations:
            citations[source.pk] = source.citation
        return citations[source.pk]
