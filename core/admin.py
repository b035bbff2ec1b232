"""What every registry admin shares: the record's provenance and dates laid out the same way."""

from django.contrib import admin, messages
from django.db import models, router, transaction
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from core.cache import one_change
from core.models import Publication, may_publish
from core.resources import EXPORT_FORMATS, IMPORT_FORMATS

SOURCE_FIELDSET = (_("Source"), {"fields": ["source", "locator", "notes"]})
HISTORY_FIELDSET = (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]})


class RegistryAdmin(SimpleHistoryAdmin):
    save_on_top = True
    list_per_page = 50
    readonly_fields = ["created_at", "updated_at"]
    search_fields = ["name", "name_zh", "slug"]
    search_help_text = _("Search English or Chinese names.")
    empty_value_display = "—"
    # An address typed without a scheme is taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    # A record saved with its inlines and relations, a deletion, an action on many records:
    # each is one change to the data, so the data version moves once, with the change.
    def changeform_view(self, request, *args, **kwargs):
        with transaction.atomic(using=router.db_for_write(self.model)), one_change():
            return super().changeform_view(request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        with transaction.atomic(using=router.db_for_write(self.model)), one_change():
            return super().delete_view(request, *args, **kwargs)

    def response_action(self, request, queryset):
        with transaction.atomic(using=router.db_for_write(self.model)), one_change():
            return super().response_action(request, queryset)


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


class ImportExportAdmin(ImportExportMixin, RegistryAdmin):
    """Bulk import (CSV in UTF-8 or GBK, XLSX) with a preview, and export in the same columns."""

    import_formats = IMPORT_FORMATS
    export_formats = EXPORT_FORMATS


class PublishableAdmin(ImportExportAdmin):
    """Drafts shown as such; reviewers publish and unpublish, one record or many at once.
    Whatever an editor saves goes back to draft until a reviewer publishes it."""

    actions = ["publish", "unpublish"]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "publication_badge"]

    def get_list_filter(self, request):
        return ["publication", *super().get_list_filter(request)]

    def get_fieldsets(self, request, obj=None):
        return [
            (gettext("Publication"), {"fields": ["publication"]}),
            *super().get_fieldsets(request, obj),
        ]

    @admin.display(description=_("publication"), ordering="publication")
    def publication_badge(self, record):
        if record.is_published:
            return Publication.PUBLISHED.label
        return format_html('<strong class="draft-badge">{}</strong>', Publication.DRAFT.label)

    def has_publish_permission(self, request, obj=None) -> bool:
        return may_publish(request.user, self.model)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            readonly.append("publication")
        return readonly

    def save_model(self, request, obj, form, change):
        if not self.has_publish_permission(request):
            obj.publication = Publication.DRAFT
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish the selected records"), permissions=["publish"])
    def publish(self, request, queryset):
        self.set_publication(request, queryset, Publication.PUBLISHED)

    @admin.action(
        description=_("Unpublish the selected records (back to draft)"), permissions=["publish"]
    )
    def unpublish(self, request, queryset):
        self.set_publication(request, queryset, Publication.DRAFT)

    def set_publication(self, request, queryset, state):
        changed = 0
        for record in queryset.exclude(publication=state):
            record.publication = state
            record.save(update_fields=["publication", "updated_at"])  # recorded in the history
            changed += 1
        if state == Publication.PUBLISHED:
            text = gettext("%(count)s record(s) now published.")
        else:
            text = gettext("%(count)s record(s) now draft.")
        self.message_user(request, text % {"count": changed}, messages.SUCCESS)


# The admin's own titles, in the reader's language.
admin.site.site_header = _("Torch Portal administration")
admin.site.site_title = _("Torch Portal administration")
admin.site.index_title = _("Registry administration")
