"""No lost edits. A form or list made from a record carries the moment the record was last saved
(its `updated_at`, to the microsecond); a save, publication or import row whose copy is older
than the record is refused, naming what the other editor changed: its value now and the value in
the refused copy. The record is locked (SELECT ... FOR UPDATE) while it is compared and saved, so
two saves cannot both pass the check."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

SEEN_VERSION = "seen_version"


def version_of(record) -> str:
    return record.updated_at.isoformat() if getattr(record, "updated_at", None) else ""


def locked_current(record):
    """The record as it is in the database now, locked until the transaction ends; None when
    it has been deleted."""
    return type(record)._default_manager.select_for_update().filter(pk=record.pk).first()


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if hasattr(value, "all"):  # a many-to-many manager
        return ", ".join(str(item) for item in value.all()) or "—"
    return str(value)


def saved_by(record) -> tuple[str, str]:
    """Who saved the record last and when, from its history."""
    latest = record.history.order_by("-history_date").first()
    when = formats.date_format(timezone.localtime(record.updated_at), "DATETIME_FORMAT")
    user = getattr(latest, "history_user", None) if latest else None
    return (user.get_username() if user else gettext("someone else")), when


def changed_since(current, seen: str, names) -> list[str]:
    """The fields among `names` someone changed since the version `seen`, read from the
    record's history (the version seen is one of its entries)."""
    seen_at = parse_datetime(seen)
    then = current.history.filter(updated_at=seen_at).order_by("-history_date").first()
    if then is None:
        return []
    model_fields = {field.name for field in current._meta.concrete_fields}
    return [
        name
        for name in names
        if name in model_fields
        and getattr(then, current._meta.get_field(name).attname, None)
        != getattr(current, current._meta.get_field(name).attname)
    ]


def stale_message(current, changes: list[tuple[str, str, str]]):
    """The refusal, in words: who saved when, and each changed field now and in the copy."""
    user, when = saved_by(current)
    lead = gettext(
        "%(user)s saved this %(record)s at %(when)s, after you opened it, so your save was not "
        "made and nothing was overwritten."
    ) % {"user": user, "record": current._meta.verbose_name, "when": when}
    tail = gettext(
        "Your changes are still in this form: open the record again (in a new tab) to see theirs, "
        "then apply yours to it."
    )
    if not changes:
        return format_html("{} {}", lead, tail)
    rows = format_html_join(
        "",
        "<li>{}: {} “{}”; {} “{}”</li>",
        (
            (label, gettext("now"), now, gettext("in your form"), yours)
            for label, now, yours in changes
        ),
    )
    return format_html("{} {}<ul>{}</ul>{}", lead, gettext("What they changed:"), rows, tail)


class VersionedModelForm(forms.ModelForm):
    """A model form that refuses to save over a version of the record it was not made from."""

    seen_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[SEEN_VERSION].initial = version_of(self.instance)

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get(SEEN_VERSION)
        if self.instance.pk is None or not seen:
            return cleaned
        current = locked_current(self.instance)
        if current is None:
            raise ValidationError(
                _("Someone deleted this record after you opened it; your save was not made.")
            )
        if version_of(current) == seen:
            return cleaned
        names = changed_since(current, seen, [name for name in self.fields if name != SEEN_VERSION])
        changes = [
            (
                self.fields[name].label or name,
                _shown(getattr(current, name)),
                _shown(cleaned.get(name)),
            )
            for name in names
        ]
        raise ValidationError(stale_message(current, changes), code="stale")


def stale_records(records, seen_versions: dict[str, str]) -> list:
    """Of `records` (locked), those saved since the version their list showed."""
    return [
        record
        for record in records
        if seen_versions.get(str(record.pk)) not in (None, "", version_of(record))
    ]
