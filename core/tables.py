"""What every registry table shares: its columns, and rows made in Python.

django-tables2 renders a cell through the template engine and inspects the column's render
method for every cell; for a directory page that costs more than all its queries. Here each
column's way of rendering is worked out once per table, then every row is a few string joins,
with the same values, links and escaping as django-tables2's own rows.
"""

import inspect
from collections.abc import Callable, Iterable

import django_tables2 as tables
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_tables2.rows import BoundRow

CELL_ARGUMENTS = {"value", "record", "column", "bound_column", "bound_row", "table"}


def _compiled(method: Callable) -> Callable[[dict], object]:
    """A column's render or value method called with just the arguments it takes."""
    parameters = inspect.signature(method).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()):
        return lambda arguments: method(**arguments)
    wanted = [name for name in parameters if name in CELL_ARGUMENTS]
    return lambda arguments: method(**{name: arguments[name] for name in wanted})


class RegistryTable(tables.Table):
    class Meta:
        empty_text = _("Nothing matches these filters.")
        attrs = {"class": "table table-sm table-hover align-middle"}

    def _cell(self, bound_column, method: str) -> Callable[[BoundRow], object]:
        """How to make one column's cell (method "render": HTML; "value": the plain value)."""
        call = _compiled(getattr(bound_column, method))
        link = bound_column.link if method == "render" else None
        default = bound_column.default if method == "render" else None

        def cell(row: BoundRow):
            def make(bound_column, value=None):
                arguments = row._optional_cell_arguments(bound_column, value)
                content = call(arguments)
                return link(content, **arguments) if link else content

            return row._get_and_render_with(bound_column, render_func=make, default=default)

        return cell

    def rows_html(self) -> SafeString:
        """The current page's rows, as django-tables2's template would write them."""
        columns = []
        for bound_column in self.columns:
            td = bound_column.attrs["td"].as_html()
            columns.append((f"<td {td}>" if td else "<td >", self._cell(bound_column, "render")))
        lines = []
        for number, row in enumerate(self.paginated_rows):  # BoundRows of the page's records
            cells = "".join(
                f"{opening}{conditional_escape(localize(cell(row)))}</td>"
                for opening, cell in columns
            )
            lines.append(f'<tr class="{"odd" if number % 2 else "even"}">{cells}</tr>')
        return mark_safe("\n".join(lines))

    def values(self, records: Iterable) -> Iterable[list]:
        """The download's rows (headers first): every column, hidden ones too, as plain values,
        for records read in any number of batches."""
        columns = [c for c in self.columns.iterall() if not c.column.exclude_from_export]
        yield [str(column.header) for column in columns]
        cells = [self._cell(column, "value") for column in columns]
        for record in records:
            row = BoundRow(record, table=self)
            yield [cell(row) for cell in cells]


class VagueDateColumn(tables.Column):
    """A date shown as precisely as its source gives it ("May 1988"), sorted by the date."""

    def __init__(self, name: str, **kwargs):
        self.vague_name = name
        kwargs.setdefault("order_by", f"{name}_on")
        kwargs.setdefault("accessor", f"{name}_on")
        super().__init__(**kwargs)

    def render(self, record):
        return record.vague_date(self.vague_name) or self.default

    def value(self, record, value):
        date = record.vague_date(self.vague_name)
        return date.iso() if date else ""


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


class OtherNameColumn(tables.Column):
    """The name in the other language: the Chinese name on English pages and the other way round."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "verbose_name", pgettext_lazy("the name in the other language", "Chinese name")
        )
        kwargs.setdefault("accessor", "name_zh")
        super().__init__(**kwargs)

    def render(self, record):
        return record.other_name or self.default

    def value(self, record):
        return record.other_name


def public_url(record):
    """A record's page, or None (no link at all) while it is a draft."""
    return record.get_absolute_url() if getattr(record, "is_published", True) else None


class PublishedLinkColumn(tables.Column):
    """A related record, linked when the public may see it and left out while it is a draft."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("linkify", public_url)
        super().__init__(*args, **kwargs)

    def render(self, value, record, bound_column):
        if not getattr(value, "is_published", True):
            return self.default
        return super().render(value)

    def value(self, value):
        return str(value) if getattr(value, "is_published", True) else ""


class SourceColumn(tables.Column):
    """The source of a row's facts: hidden on the page (the profile shows it), in every download."""

    def __init__(self, **kwargs):
        kwargs.setdefault("visible", False)
        kwargs.setdefault("verbose_name", _("Source"))
        super().__init__(**kwargs)

    def value(self, record, value):
        return value.citation if value else ""
