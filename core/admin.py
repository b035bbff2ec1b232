"""What every registry admin shares: the record's provenance and dates laid out the same way."""

from django import forms
from django.contrib import admin, messages
from django.db import models, router, transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ConfirmImportForm, ImportForm
from simple_history.admin import SimpleHistoryAdmin

from core.cache import one_change
from core.concurrency import (
    SEEN_VERSION,
    VersionedModelForm,
    saved_by,
    stale_records,
    version_of,
)
from core.limits import check_import_file
from core.models import Publication, may_publish
from core.resources import EXPORT_FORMATS, IMPORT_FORMATS

SOURCE_FIELDSET = (_("Source"), {"fields": ["source", "locator", "notes"]})
HISTORY_FIELDSET = (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]})


def with_seen_version(fieldsets) -> list:
    """The fieldsets, with the hidden field carrying the version the form was made from."""
    names = {name for _title, options in fieldsets for name in flatten(options["fields"])}
    if SEEN_VERSION in names:
        return list(fieldsets)
    return [*fieldsets, (None, {"fields": [SEEN_VERSION]})]


def flatten(fields) -> list[str]:
    return [
        name for field in fields for name in (field if isinstance(field, tuple | list) else [field])
    ]


class RegistryAdmin(SimpleHistoryAdmin):
    # Edits are never lost: a save from a copy older than the record is refused (see
    # core.concurrency), in the form, its inlines and the list's actions.
    form = VersionedModelForm
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
    def get_fieldsets(self, request, obj=None):
        return with_seen_version(super().get_fieldsets(request, obj))

    def action_checkbox(self, obj):
        """The row's checkbox, and the version the list shows, for the actions to compare."""
        return format_html(
            '{}<input type="hidden" name="{}_{}" value="{}">',
            super().action_checkbox(obj),
            SEEN_VERSION,
            obj.pk,
            version_of(obj),
        )

    def changeform_view(self, request, *args, **kwargs):
        with transaction.atomic(using=router.db_for_write(self.model)), one_change():
            return super().changeform_view(request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        with transaction.atomic(using=router.db_for_write(self.model)), one_change():
            return super().delete_view(request, *args, **kwargs)

    def response_action(self, request, queryset):
        with transaction.atomic(using=router.db_for_write(self.model)), one_change():
            return super().response_action(request, queryset)


class VersionedInline:
    """An inline whose rows refuse, each, to save over a version they were not made from."""

    form = VersionedModelForm

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return fields if SEEN_VERSION in fields else [*fields, SEEN_VERSION]


class StatisticsInline(VersionedInline, admin.TabularInline):
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


class LimitedImportForm(ImportForm):
    """The import form, refusing a file past the limits (core.limits) before it is parsed."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        check_import_file(upload)
        return upload


class ConfirmAfterPreviewForm(ConfirmImportForm):
    """The import's confirmation, carrying when its preview began."""

    previewed_at = forms.CharField(widget=forms.HiddenInput, required=False)


class ImportExportAdmin(ImportExportMixin, RegistryAdmin):
    """Bulk import (CSV in UTF-8 or GBK, XLSX) with a preview, and export in the same columns.
    A confirmation is refused when a record one of its rows would change was saved by someone
    else after the preview began: the preview no longer shows what the import would overwrite."""

    import_formats = IMPORT_FORMATS
    export_formats = EXPORT_FORMATS
    confirm_form_class = ConfirmAfterPreviewForm
    import_form_class = LimitedImportForm

    def import_action(self, request, *args, **kwargs):
        request.preview_started = timezone.now()
        return super().import_action(request, *args, **kwargs)

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["previewed_at"] = request.preview_started.isoformat()
        return initial

    def process_import(self, request, *args, **kwargs):
        form = self.create_confirm_form(request)
        if form.is_valid() and (stale := self.rows_changed_since_preview(form, request)):
            rows = "; ".join(
                gettext("row %(row)s: %(record)s (saved by %(user)s at %(when)s)")
                % {"row": row, "record": record, "user": user, "when": when}
                for row, record, (user, when) in stale[:20]
            )
            self.message_user(
                request,
                gettext(
                    "Nothing was imported: records the file would change were saved by someone "
                    "else after your preview, so the preview no longer shows what the import "
                    "would overwrite. %(rows)s. Import the file again to preview it against "
                    "the records as they are now."
                )
                % {"rows": rows},
                messages.ERROR,
            )
            return HttpResponseRedirect(
                reverse(f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_import")
            )
        return super().process_import(request, *args, **kwargs)

    def rows_changed_since_preview(self, form, request) -> list:
        """(row number, record, (who, when)) for each row whose record changed since the preview
        began. Records changed since then are few; they are matched to rows by their import keys
        as the file writes them."""
        previewed = parse_datetime(form.cleaned_data.get("previewed_at") or "")
        if previewed is None:
            return []
        changed = list(self.model._default_manager.filter(updated_at__gt=previewed)[:10_000])
        if not changed:
            return []
        resource = self.choose_import_resource_class(form, request)(
            **self.get_import_resource_kwargs(request, form=form)
        )
        keys = [resource.fields[name] for name in resource._meta.import_id_fields]
        by_key = {tuple(as_cell(key.export(record)) for key in keys): record for record in changed}
        stale = []
        for number, row in enumerate(self.read_confirmed_file(form).dict, start=2):
            record = by_key.get(tuple(as_cell(row.get(key.column_name)) for key in keys))
            if record is not None:
                stale.append((number, record, saved_by(record)))
        return stale

    def read_confirmed_file(self, form):
        """The dataset the confirmation names, read as process_import reads it."""
        input_format = self.get_import_formats()[int(form.cleaned_data["format"])](
            encoding=self.from_encoding
        )
        storage = self.get_tmp_storage_class()(
            name=form.cleaned_data["import_file_name"],
            encoding=None if input_format.is_binary() else self.from_encoding,
            read_mode=input_format.get_read_mode(),
            **self.get_tmp_storage_class_kwargs(),
        )
        return input_format.create_dataset(storage.read())


def as_cell(value) -> str:
    """A key as a file's cell shows it: 2005.0 from a spreadsheet is 2005."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


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
        records = list(queryset.select_for_update(of=("self",)))  # not the related rows
        seen = {
            name.removeprefix(f"{SEEN_VERSION}_"): value
            for name, value in request.POST.items()
            if name.startswith(f"{SEEN_VERSION}_")
        }
        stale = stale_records(records, seen)
        if stale:
            # One refusal for the lot: the editor chose them from a list that is out of date.
            described = "; ".join(
                gettext("%(record)s (saved by %(user)s at %(when)s)")
                % dict(zip(("user", "when"), saved_by(record), strict=True), record=record)
                for record in stale
            )
            self.message_user(
                request,
                gettext(
                    "Nothing was changed: these records were saved by someone else after this "
                    "list was shown: %(records)s. Reload the list to see them as they are now, "
                    "then choose again."
                )
                % {"records": described},
                messages.ERROR,
            )
            return
        changed = 0
        for record in records:
            if record.publication == state:
                continue
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
