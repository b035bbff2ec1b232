"""Columns every registry table shares."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RegistryTable(tables.Table):
    class Meta:
        empty_text = _("Nothing matches these filters.")
        attrs = {"class": "table table-sm table-hover align-middle"}


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
