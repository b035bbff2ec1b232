"""Load registry records written by hand into the database: fixtures/documents.yaml (the five
documents) and then fixtures/since-2007/*.yaml (what public pages say since; see its README).

Records name each other by natural keys a person can type (a province's GB/T 2260 code, a zone's
slug, a source's key), and vague dates as "1988", "1988-05" or "1988-05-17". Every record is
validated like an admin form; one error anywhere and nothing at all is written.
"""

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models, transaction

from core.cache import one_change
from core.dates import VagueDate
from core.models import Publication
from core.registry import loading_order

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"
DOCUMENTS_FIXTURE = FIXTURES_DIR / "documents.yaml"
SINCE_2007_FIXTURES = FIXTURES_DIR / "since-2007"


def fixture_paths() -> list[Path]:
    """The files `load_documents` reads, in order: records may name records of earlier files."""
    return [DOCUMENTS_FIXTURE, *sorted(SINCE_2007_FIXTURES.glob("*.yaml"))]


# Words in the file that read better than the field names behind them.
ALIASES = {"date": "happened"}


class LoadError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        lines = []
        for section in sections():
            counts = (self.created[section], self.updated[section], self.unchanged[section])
            if any(counts):
                lines.append(
                    f"{section}: {counts[0]} created, {counts[1]} updated, {counts[2]} unchanged"
                )
        return "\n".join(lines)


def sections() -> dict:
    """The file's sections, one a registry model named as the registry names it, in an order
    in which records refer only to records loaded before them."""
    return {entry.name: entry.model for entry in loading_order()}


def read_fixture(path: Path = DOCUMENTS_FIXTURE) -> dict:
    with open(path, encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    unknown = set(data) - set(sections())
    if unknown:
        raise LoadError([f"{path.name}: unknown section(s) {', '.join(sorted(unknown))}."])
    return data


def read_fixtures(paths: list[Path]) -> dict:
    """Several files as one: each section's records in the files' order."""
    merged: dict[str, list] = {}
    for path in paths:
        for section, records in read_fixture(path).items():
            merged.setdefault(section, []).extend(records or [])
    return merged


def load_records(data: dict, *, update: bool = False) -> LoadReport:
    """Create the records that are missing; with update=True also overwrite the fields the file
    gives on records that exist. Raises LoadError listing every bad record; then writes nothing."""
    report, problems = LoadReport(), []
    _by_natural_key.cache_clear()
    _is_low_trust.cache_clear()
    with transaction.atomic(), one_change():
        for section, model in sections().items():
            for index, record in enumerate(data.get(section) or [], start=1):
                where = f"{section} #{index} ({record.get(model.NATURAL_KEY[0], '?')})"
                try:
                    outcome = _load_one(model, record, update)
                except ValidationError as error:
                    problems.extend(f"{where}: {message}" for message in _messages(error))
                    continue
                getattr(report, outcome)[section] += 1
        if problems:
            transaction.set_rollback(True)
            raise LoadError(problems)
    _by_natural_key.cache_clear()
    return report


def _load_one(model, record: dict, update: bool) -> str:
    key_field = model.NATURAL_KEY[0]
    if not record.get(key_field):
        raise ValidationError({key_field: "This key is required."})
    values, many = _field_values(model, record)
    if any(field.name == "publication" for field in model._meta.fields):
        values.setdefault("publication", _publication(model, values))
    existing = model._default_manager.filter(**{key_field: record[key_field]}).first()
    # The file's version of the record is validated even when the one in the database is kept,
    # so a mistake in the file is found whichever records exist already.
    candidate = model(pk=existing.pk if existing else None, **values)
    candidate._state.adding = existing is None  # so unique checks leave the record itself out
    candidate.full_clean()
    if existing is None:
        candidate.save()
        for name, related in many.items():
            getattr(candidate, name).set(related)
        return "created"
    if not update:
        return "unchanged"
    changed = [name for name, value in values.items() if getattr(existing, name) != value]
    for name in changed:
        setattr(existing, name, values[name])
    if changed:
        existing.save()
    for name, related in many.items():
        manager = getattr(existing, name)
        if set(manager.all()) != set(related):
            manager.set(related)
            changed.append(name)
    return "updated" if changed else "unchanged"


def _publication(model, values: dict) -> str:
    """Published sources' records need no review to be shown, unless only a low-trust source
    gives them: those wait, as drafts, for a reviewer. A record may say its own state."""
    source_id = values.get("source_id")
    if source_id is not None and _is_low_trust(
        model._meta.get_field("source").related_model, source_id
    ):
        return Publication.DRAFT
    return Publication.PUBLISHED


@lru_cache(maxsize=1024)
def _is_low_trust(source_model, source_id: int) -> bool:
    """A source's trust, read once a load (the file's sources are loaded before what cites them)."""
    return source_model.objects.get(pk=source_id).is_low_trust


def _field_values(model, record: dict) -> tuple[dict, dict]:
    """Turn the file's words into field values; raise ValidationError naming the field at fault."""
    values, many, errors = {}, {}, {}
    vague_dates = set(model.vague_date_names())
    for word, raw in record.items():
        name = ALIASES.get(word, word)
        if name in vague_dates:
            try:
                date = VagueDate.parse(raw)
            except ValueError as error:
                errors[name] = str(error)
                continue
            values[f"{name}_on"], values[f"{name}_precision"] = date.date, date.precision
            continue
        try:
            model_field = model._meta.get_field(name)
        except Exception:
            errors[word] = "There is no such field."
            continue
        try:
            if model_field.many_to_many:
                many[name] = [_by_natural_key(model_field.related_model, key) for key in raw or []]
            elif model_field.is_relation:
                values[model_field.attname] = (
                    _by_natural_key(model_field.related_model, raw).pk if raw else None
                )
            else:
                if isinstance(raw, float):  # YAML's 49.6 is a binary float; read its digits
                    raw = str(raw)
                empty = None if model_field.null else ""
                values[name] = model_field.to_python(empty if raw is None else raw)
        except ValidationError as error:
            errors[word] = " ".join(_messages(error))
    if errors:
        raise ValidationError(errors)
    return values, many


@lru_cache(maxsize=4096)
def _by_natural_key(model, key) -> models.Model:
    try:
        return model._default_manager.get_by_natural_key(str(key))
    except ObjectDoesNotExist:
        raise ValidationError(
            f"There is no {model._meta.verbose_name} with the key '{key}'."
        ) from None


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
            for field, messages in error.message_dict.items()
        ]
    return error.messages
