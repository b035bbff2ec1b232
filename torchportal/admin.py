"""What every registry admin shares: the record's provenance and dates laid out the same way."""

from django.contrib import admin
from django.db import models

SOURCE_FIELDSET = ("Source", {"fields": ["source", "locator", "notes"]})
HISTORY_FIELDSET = ("Record", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]})


class RegistryAdmin(admin.ModelAdmin):
    save_on_top = True
    list_per_page = 50
    readonly_fields = ["created_at", "updated_at"]
    search_fields = ["name", "name_zh", "slug"]
    search_help_text = "Search English or Chinese names."
    empty_value_display = "—"
    # An address typed without a scheme is taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class StatisticsInline(admin.TabularInline):
    """A record's annual statistics, one row a year, entered beside the record itself."""

    extra = 0
    autocomplete_fields = ["source"]
    ordering = ["-year"]


def vague_date_column(name: str, description: str):
    """A list column showing a vague date as precisely as known, sorted by the date."""

    @admin.display(description=description, ordering=f"{name}_on")
    def column(record):
        return record.vague_date(name)

    column.__name__ = f"{name}_display"
    return column
