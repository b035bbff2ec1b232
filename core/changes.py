"""What changed in the public registry, told as the public saw it: the recent changes page and
the Atom feeds read their changes from here.

Every save leaves a history record (django-simple-history). A change is one history record of
a record the public sees now. A publishable record's versions count once a reviewer published
them, and each is compared with the version published before it, so a draft's values never
show: only what the public saw change. A record's first public version is its "added" (entered
as published) or "published" (a draft published) change. The fields told are the public ones
(core.models.public_fields); who made a change, and why, are never read. A record unpublished
or deleted leaves the changes with all its history.

However large the history, a list of changes is a bounded number of queries: for each model
followed, its newest public versions (an index on history_date gives them in order); then, for
the models among the newest, those versions with the one each is compared with, the records as
they are now, and the related records their values name.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import EmptyResultSet
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.template.defaultfilters import yesno
from django.utils import formats
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext, pgettext_lazy

from core.dates import DatePrecision, VagueDate
from core.models import Publication, public_fields

CHANGES_AT_ONCE = 50  # a feed's entries, a page of recent changes
FEED_SUFFIX = "feed.atom"  # a page's feed is its address followed by this
# Parameters of a page that say how it is shown, not what it shows: a feed leaves them out.
UNFOLLOWED_PARAMETERS = ("page", "per_page", "sort", "export")
TEXT_SHOWN = 200  # characters of a long text (notes, a quote) a change shows
BLANK = "—"
# Kept out of "what changed": it changes with every save, and the change's own date says when.
UNTOLD_FIELDS = ("updated_at",)


class Kind(models.TextChoices):
    ADDED = "added", pgettext_lazy("a record in the list of changes", "added")
    PUBLISHED = "published", pgettext_lazy("a record in the list of changes", "published")
    CHANGED = "changed", pgettext_lazy("a record in the list of changes", "changed")


@dataclass(frozen=True)
class Following:
    """What a page's feed follows: the records of each model whose changes it tells (published
    records only, as the page selects them), with the page's title and addresses."""

    title: str
    page_url: str
    feed_url: str
    records: tuple[models.QuerySet, ...]


def follow(request, title: str, *records: models.QuerySet) -> Following:
    """The feed of the page `request` asks for: its address with FEED_SUFFIX, the page's
    selection (its query string) kept, how it is shown (page, sort, rows) left out."""
    query = request.GET.copy()
    for name in UNFOLLOWED_PARAMETERS:
        query.pop(name, None)
    query = query.urlencode()
    with_query = f"?{query}" if query else ""
    return Following(
        title=title,
        page_url=f"{request.path}{with_query}",
        feed_url=f"{request.path}{FEED_SUFFIX}{with_query}",
        records=records,
    )


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Change:
    """One public change: a record added, published or changed (its fields, old and new)."""

    kind: str
    when: datetime
    record: models.Model  # as it is now
    key: str  # unique and stable: "<model label>:<history id>"
    fields: list[FieldChange] = field(default_factory=list)
    source: models.Model | None = None  # the source the record cited in this version

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label

    @property
    def model_label(self) -> str:
        return capfirst(self.record._meta.verbose_name)

    @property
    def url(self) -> str:
        return public_page(self.record)

    @property
    def title(self) -> str:
        """A one-line account: "Zone changed: Shenzhen STIP (city, website)"."""
        values = {"model": self.model_label, "record": self.record}
        if self.kind == Kind.ADDED:
            return gettext("%(model)s added: %(record)s") % values
        if self.kind == Kind.PUBLISHED:
            return gettext("%(model)s published: %(record)s") % values
        values["fields"] = gettext(", ").join(change.label for change in self.fields)
        return gettext("%(model)s changed: %(record)s (%(fields)s)") % values


class ChangeList(list):
    """Changes, newest first, and whether older ones follow."""

    more = False


def recent_changes(records, count: int = CHANGES_AT_ONCE, skip: int = 0) -> ChangeList:
    """The newest public changes to `records` (querysets of published records, one a model),
    newest first: at most `count`, after the `skip` newest. A version that changed no public
    field (only its bookkeeping) is left out, so a list may hold fewer."""
    newest = []
    for queryset in records:
        try:
            versions = public_versions(queryset.model).filter(id__in=selected_ids(queryset))
        except EmptyResultSet:  # a selection that cannot hold a record (a bad filter)
            continue
        rows = versions.values_list("history_date", "history_id")[: skip + count + 1]
        newest += [(when, queryset.model._meta.label, pk, queryset.model) for when, pk in rows]
    newest.sort(key=lambda row: row[:3], reverse=True)
    chosen = defaultdict(list)
    for _when, _label, history_id, model in newest[skip : skip + count]:
        chosen[model].append(history_id)
    changes = ChangeList()
    for model, history_ids in chosen.items():
        changes += model_changes(model, history_ids)
    changes.sort(key=lambda change: (change.when, change.key), reverse=True)
    changes.more = len(newest) > skip + count
    return changes


def selected_ids(records) -> RawSQL:
    """The ids of a selection, as a subquery: the selection's own SQL, compiled on its own. A
    directory's short search names its table in raw SQL (core/search.py), and Django renames
    the tables of a subquery it composes."""
    sql, params = records.order_by().values("pk").query.sql_with_params()
    return RawSQL(sql, params)


def public_versions(model):
    """The model's history records the public saw: creations and changes (not deletions) of
    published versions, newest first."""
    versions = model.history.filter(history_type__in=("+", "~"))
    if "publication" in {f.name for f in model._meta.concrete_fields}:
        versions = versions.filter(publication=Publication.PUBLISHED)
    return versions.order_by("-history_date", "-history_id")


def model_changes(model, history_ids: list[int]) -> list[Change]:
    """One model's changes, for the history records named: each compared with the public
    version before it."""
    before = (
        public_versions(model)
        .filter(id=OuterRef("id"))
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
    )
    versions = list(
        model.history.filter(history_id__in=history_ids).annotate(
            before_id=Subquery(before.values("history_id")[:1])
        )
    )
    earlier = model.history.in_bulk(
        [version.before_id for version in versions if version.before_id],
        field_name="history_id",
    )
    relations = [f for f in model._meta.concrete_fields if f.is_relation]
    now = model._default_manager.select_related(*[f.name for f in relations]).in_bulk(
        {version.id for version in versions}
    )
    told = told_fields(model)
    compared = [
        (version, earlier.get(version.before_id), differences(version, earlier, told))
        for version in versions
        if version.id in now
    ]
    related = related_records(model, compared)
    changes = []
    for version, previous, different in compared:
        if previous is None:  # a draft published, or a record first seen
            drafted = version.history_type == "~" and hasattr(version, "publication")
            kind = Kind.PUBLISHED if drafted else Kind.ADDED
        elif different:
            kind = Kind.CHANGED
        else:
            continue  # only bookkeeping changed
        changes.append(
            Change(
                kind=kind,
                when=version.history_date,
                record=now[version.id],
                key=f"{model._meta.label_lower}:{version.history_id}",
                fields=[
                    FieldChange(
                        label, shown(told[name], old, related), shown(told[name], new, related)
                    )
                    for name, label, old, new in different
                ]
                if kind == Kind.CHANGED
                else [],
                source=related.get(("source", version.source_id))
                if hasattr(version, "source_id")
                else None,
            )
        )
    return changes


def told_fields(model) -> dict[str, models.Field]:
    """{name: field} of the public fields a change tells, a vague date's precision folded into
    its date (one value, "May 1988")."""
    return {
        f.name: f
        for f in public_fields(model)
        if f.name not in UNTOLD_FIELDS
        and not (f.name.endswith("_precision") and f.choices == DatePrecision.choices)
    }


def differences(version, earlier, told) -> list[tuple[str, str, object, object]]:
    """(field name, label, old value, new value) of each told field that differs from the
    public version before; nothing for a first version."""
    previous = earlier.get(version.before_id)
    if previous is None:
        return []
    found = []
    for name, model_field in told.items():
        old, new = value(previous, model_field), value(version, model_field)
        if old != new:
            found.append((name, capfirst(str(model_field.verbose_name)), old, new))
    return found


def value(version, model_field):
    """A field's value in a version: a relation's id, a vague date as a VagueDate."""
    raw = getattr(version, model_field.attname)
    precision = f"{model_field.name.removesuffix('_on')}_precision"
    if isinstance(model_field, models.DateField) and hasattr(version, precision) and raw:
        return VagueDate(raw, getattr(version, precision))
    return raw


def related_records(model, compared) -> dict[tuple[str, object], models.Model]:
    """{(field name, id): record} of the records the changes' relations name, and of their
    sources: one query a related model."""
    wanted = defaultdict(set)
    fields = {f.name: f for f in model._meta.concrete_fields if f.is_relation}
    for version, _previous, different in compared:
        if "source" in fields:
            wanted["source"].add(version.source_id)
        for name, _label, old, new in different:
            if name in fields:
                wanted[name].update((old, new))
    by_model = defaultdict(set)
    for name, ids in wanted.items():
        by_model[fields[name].related_model].update(ids - {None})
    found = {
        related_model: related_model._base_manager.in_bulk(ids)
        for related_model, ids in by_model.items()
        if ids
    }
    return {
        (name, pk): found[fields[name].related_model][pk]
        for name, ids in wanted.items()
        for pk in ids
        if pk in found.get(fields[name].related_model, {})
    }


def shown(model_field, raw, related) -> str:
    """A value as the public pages show it, in the page's language; a relation to a record the
    public does not see (a draft) is blank."""
    if raw is None or raw == "":
        return BLANK
    if model_field.is_relation:
        record = related.get((model_field.name, raw))
        visible = getattr(record, "publication", Publication.PUBLISHED) == Publication.PUBLISHED
        return str(record) if record is not None and visible else BLANK
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(raw, raw))
    if isinstance(raw, bool):
        return yesno(raw)
    if isinstance(raw, str):
        return Truncator(raw).chars(TEXT_SHOWN)
    if isinstance(raw, VagueDate):
        return str(raw)
    return str(formats.localize(raw))


def public_page(record) -> str:
    """The address of the public page that shows a record: its profile; for a record without
    one (a zone's statistics, a claim, a milestone) the profile it is shown on; else its
    source's page; blank when none is public."""
    if hasattr(record, "get_absolute_url"):
        return record.get_absolute_url()
    for model_field in record._meta.concrete_fields:
        if model_field.is_relation and model_field.name != "source":
            related = getattr(record, model_field.name)
            shown_there = related is not None and hasattr(related, "get_absolute_url")
            if shown_there and getattr(related, "is_published", True):
                return related.get_absolute_url()
    source = getattr(record, "source", None)
    return source.get_absolute_url() if source is not None else ""
