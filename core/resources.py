"""Bulk import and export (django-import-export): what every app's resources share.

Rows name other records by keys a person can type (a province's code or name, a zone's slug or
name, a source's key), dates as precisely as known ("1988", "1988-05", "1988-05-17"). Each row is
validated as the admin form would validate it; any error in any row and nothing is written.
"""

from functools import lru_cache

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from import_export import fields, resources, widgets
from import_export.formats import base_formats
from import_export.instance_loaders import CachedInstanceLoader, ModelInstanceLoader
from simple_history.utils import bulk_create_with_history

from core.cache import data_changed, one_change
from core.dates import VagueDate
from core.exports import FORMULA_STARTS, neutralise
from core.limits import long_cells
from core.models import Publication, may_publish

ENCODINGS = ("utf-8-sig", "gb18030")  # UTF-8 with or without BOM; GBK files are GB18030 too


class CSV(base_formats.CSV):
    """CSV in UTF-8 (with or without a BOM) or GBK/GB18030, as Chinese spreadsheets save it."""

    def is_binary(self):
        return True  # we decode the bytes ourselves

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = decode(in_stream)
        return super().create_dataset(in_stream, **kwargs)


def decode(data: bytes) -> str:
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError(
        gettext(
            "The file's text encoding cannot be read: save it as CSV in UTF-8 or GBK (GB18030)."
        )
    )


IMPORT_FORMATS = [CSV, base_formats.XLSX]
EXPORT_FORMATS = [base_formats.CSV, base_formats.XLSX]


class NaturalKeyWidget(widgets.ForeignKeyWidget):
    """A related record named by any of `lookups` (e.g. a province by code, English or Chinese
    name); exported by the first of them. Lookups are cached during one import (the resource
    clears the cache before each)."""

    def __init__(self, model, *lookups: str):
        super().__init__(model, field=lookups[0])
        self.lookups = lookups
        self.find = lru_cache(maxsize=8192)(self._find)

    @property
    def model(self):
        """The related model; given as "app_label.Model" it is looked up when first needed, so
        that a resource may name a model of an app above its own (figures.Source)."""
        if isinstance(self._model, str):
            self._model = apps.get_model(self._model)
        return self._model

    @model.setter
    def model(self, model):
        self._model = model

    def _find(self, value: str):
        for lookup in self.lookups:
            match = self.model._default_manager.filter(**{lookup: value}).first()
            if match is not None:
                return match
        return None

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        match = self.find(str(value).strip())
        if match is None:
            names = " or ".join(self.lookups).replace("_", " ")
            raise ValueError(
                gettext("There is no %(model)s '%(value)s' (give its %(lookups)s).")
                % {"model": self.model._meta.verbose_name, "value": value, "lookups": names}
            )
        return match


class NaturalKeysWidget(widgets.ManyToManyWidget):
    """Several related records, by slug, separated by commas."""

    def __init__(self, model, field="slug"):
        super().__init__(model, separator=",", field=field)

    def clean(self, value, row=None, **kwargs):
        keys = [key.strip() for key in str(value or "").split(",") if key.strip()]
        found = {getattr(record, self.field): record for record in
                 self.model._default_manager.filter(**{f"{self.field}__in": keys})}  # fmt: skip
        missing = [key for key in keys if key not in found]
        if missing:
            raise ValueError(
                gettext("There is no %(model)s '%(value)s'.")
                % {"model": self.model._meta.verbose_name, "value": ", ".join(missing)}
            )
        return [found[key] for key in keys]


class WholeNumberWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            number = float(str(value).replace(",", ""))
        except ValueError:
            raise ValueError(gettext("'%(value)s' is not a number.") % {"value": value}) from None
        if number != int(number):
            raise ValueError(gettext("'%(value)s' is not a whole number.") % {"value": value})
        return int(number)


class AmountWidget(widgets.DecimalWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(str(value).replace(",", "") if value not in (None, "") else value)
        except (ValueError, ArithmeticError):
            raise ValueError(gettext("'%(value)s' is not a number.") % {"value": value}) from None


class VagueDateImportField(fields.Field):
    """One column for a vague date ("1988-05") filling the model's `<name>_on` and
    `<name>_precision`."""

    def __init__(self, name: str):
        super().__init__(attribute=name, column_name=name)
        self.name = name

    def clean(self, row, **kwargs):
        value = row.get(self.column_name)
        if value in (None, ""):
            return None
        if hasattr(value, "year"):  # a spreadsheet date cell
            return VagueDate.parse(value.strftime("%Y-%m-%d"))
        return VagueDate.parse(str(value))

    def save(self, instance, row, is_m2m=False, **kwargs):
        date = self.clean(row)
        setattr(instance, f"{self.name}_on", date.date if date else None)
        setattr(instance, f"{self.name}_precision", date.precision if date else "")

    def get_value(self, instance):
        date = instance.vague_date(self.name)
        return date.iso() if date else ""

    def export(self, instance, **kwargs):
        return self.get_value(instance)


BULK_REASON = "Imported"


def holds(condition, instance) -> bool | None:
    """A constraint's condition for one record, worked out in Python when it is made of exact
    comparisons and null tests of the record's own fields (code="", number__isnull=False), else
    None (ask the database)."""
    if condition is None:
        return True
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            result = holds(child, instance)
            if result is None:
                return None
            results.append(result)
            continue
        name, wanted = child
        name, _, lookup = name.partition("__")
        if lookup not in ("", "exact", "isnull") or isinstance(
            wanted, models.expressions.Combinable
        ):
            return None
        value = getattr(instance, instance._meta.get_field(name).attname)
        result = (value is None) == wanted if lookup == "isnull" else value == wanted
        if result is None:
            return None
        results.append(result)
    combined = all(results) if condition.connector == Q.AND else any(results)
    return not combined if condition.negated else combined


class RegistryInstanceLoader(CachedInstanceLoader):
    """Finds the records an import's rows name: all at once, in one query, for a one-column key
    (a slug); row by row for keys of two columns (a zone and a year)."""

    def __init__(self, resource, dataset=None):
        self.one_column = len(resource.get_import_id_fields()) == 1
        if self.one_column:
            super().__init__(resource, dataset)
        else:
            ModelInstanceLoader.__init__(self, resource, dataset)

    def get_instance(self, row):
        if self.one_column:
            return self.all_instances.get(self.pk_field.clean(row))
        return ModelInstanceLoader.get_instance(self, row)


class RegistryResource(resources.ModelResource):
    """Import and export in the same columns, so an export can be edited and imported back."""

    # Columns a file must have; the natural key is always one of them.
    required_columns: tuple[str, ...] = ()

    class Meta:
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True
        skip_html_diff = False
        instance_loader_class = RegistryInstanceLoader
        batch_size = 1000

    def __init__(self, **kwargs):
        super().__init__()
        self.user = kwargs.get("user")
        self.seen_keys, self.seen_unique, self.row = {}, {}, None

    def import_data_inner(self, *args, **kwargs):
        """However many rows, an import is one change to the data (and none while previewed,
        since the preview is rolled back)."""
        with one_change():
            result = super().import_data_inner(*args, **kwargs)
            if any(result.totals[kind] for kind in ("new", "update", "delete")):
                data_changed()  # bulk writes send no signals of their own
        return result

    # Resources with use_bulk write new rows in batches (a thousand rows a statement), each
    # row still validated on its own and recorded in the history.
    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.create_instances and (using_transactions or not dry_run):
            try:
                bulk_create_with_history(
                    self.create_instances, self._meta.model, batch_size=batch_size,
                    default_user=self.user, default_change_reason=BULK_REASON,
                )  # fmt: skip
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.create_instances.clear()

    def save_instance(self, instance, is_create, row, **kwargs):
        """Updates are written one by one, even in bulk mode: Django's bulk_update builds a
        CASE for every field and row, which costs more than the updates themselves."""
        if not (self._meta.use_bulk and not is_create):
            return super().save_instance(instance, is_create, row, **kwargs)
        self.before_save_instance(instance, row, **kwargs)
        self.do_instance_save(instance, is_create)
        self.after_save_instance(instance, row, **kwargs)

    def get_queryset(self):
        """The records rows name, with the records they refer to (the preview compares them)."""
        relations = [
            field.attribute for field in self.get_import_fields()
            if isinstance(field.widget, NaturalKeyWidget)
        ]  # fmt: skip
        return super().get_queryset().select_related(*relations)

    def before_import(self, dataset, **kwargs):
        self.user = kwargs.get("user", self.user)
        self.seen_keys, self.seen_unique = {}, {}
        for field in self.fields.values():
            if isinstance(field.widget, NaturalKeyWidget):
                field.widget.find.cache_clear()  # lookups are remembered for one import only
        headers = {header.strip() for header in dataset.headers or [] if header}
        missing = [column for column in self.required_columns if column not in headers]
        if missing:
            raise ValueError(
                gettext("The file has no column %(columns)s: every row needs it.")
                % {"columns": ", ".join(repr(c) for c in missing)}
            )
        # Rows past the limit, or cells over the length limit: nothing is read further.
        if len(dataset) > settings.IMPORT_MAX_ROWS:
            raise ValueError(
                gettext("The file has %(rows)s rows; an import may have at most %(limit)s.")
                % {"rows": f"{len(dataset):,}", "limit": f"{settings.IMPORT_MAX_ROWS:,}"}
            )
        if too_long := long_cells(dataset):
            raise ValueError(
                gettext("Cells too long: %(cells)s.") % {"cells": "; ".join(too_long[:20])}
            )

    def export_field(self, field, instance, **kwargs):
        """Every exported value passes the directories' formula guard: text a spreadsheet would
        run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe."""
        return neutralise(super().export_field(field, instance, **kwargs))

    def before_import_row(self, row, **kwargs):
        """An exported file imports back as it was (the formula guard's apostrophe comes off);
        two rows for one record would overwrite each other: refuse the second."""
        for column, value in list(row.items()):
            if isinstance(value, str) and value[:1] == "'" and value[1:].startswith(FORMULA_STARTS):
                row[column] = value[1:]
        key = tuple(str(row.get(name, "")).strip() for name in self._meta.import_id_fields)
        number = self.row = kwargs.get("row_number")
        if key in self.seen_keys:
            raise ValidationError(
                {
                    self._meta.import_id_fields[0]: gettext(
                        "'%(key)s' is also in row %(row)s: each record may appear once."
                    )
                    % {"key": " ".join(key), "row": self.seen_keys[key]}
                }  # fmt: skip
            )
        self.seen_keys[key] = number

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Validate as the admin form would (Model.full_clean, step by step), except re-checking
        that the related records named by key exist: the widgets have just found them, and this
        saves a query per relation and row."""
        errors = dict(import_validation_errors or {})
        found = [field.attribute for field in self.get_import_fields()
                 if isinstance(field.widget, NaturalKeyWidget)]  # fmt: skip
        # The record was looked for by its key: found, the key is its own; not found, it is
        # free. Either way no other record has it.
        known_unique = list(self._meta.import_id_fields)
        steps = [
            lambda: instance.clean_fields(exclude=[*errors, *found]),
            instance.clean,
            lambda: instance.validate_unique(exclude=[*errors, *known_unique]),
            lambda: self.validate_unique_constraints(instance, exclude=list(errors)),
        ]
        for step in steps:
            try:
                step()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def validate_unique_constraints(self, instance, exclude: list[str]) -> None:
        """Model.validate_constraints for the unique constraints, and each against the file's
        earlier rows too (rows written in batches cannot see each other). Check constraints are
        left out: Django asks the database about each, a query a row, and here each is also a
        field validator or a rule of clean() (and the database enforces it at the insert)."""
        errors = {}
        for model, constraints in instance.get_constraints():
            for constraint in constraints:
                if not isinstance(constraint, models.UniqueConstraint):
                    continue
                applies = holds(constraint.condition, instance)
                if applies is False:
                    continue
                values = tuple(
                    getattr(instance, model._meta.get_field(name).attname)
                    for name in constraint.fields
                )
                # Earlier rows of the file: for conditions worked out here, and values that can
                # clash (NULLs never do).
                if (
                    applies
                    and values
                    and None not in values
                    and not set(constraint.fields) & set(exclude)
                ):
                    earlier = self.seen_unique.setdefault((constraint.name, values), self.row)
                    if earlier != self.row:
                        message = gettext("%(rule)s (Row %(row)s has the same.)") % {
                            "row": earlier, "rule": constraint.violation_error_message
                        }  # fmt: skip
                        errors.setdefault(constraint.fields[-1], []).append(message)
                        continue
                try:
                    constraint.validate(model, instance, exclude=exclude)
                except ValidationError as error:
                    if getattr(error, "code", None) == "unique" and len(constraint.fields) == 1:
                        errors.setdefault(constraint.fields[0], []).append(error)
                    else:
                        errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        """An editor's import is a draft until a reviewer publishes it."""
        if hasattr(instance, "publication") and not self.may_publish(instance):
            instance.publication = Publication.DRAFT
        instance.fill_in()

    def may_publish(self, instance) -> bool:
        return may_publish(self.user, type(instance))


class ChoiceWidget(widgets.Widget):
    """A choice given by its code ("stip") or its label ("National STIP / high-tech zone")."""

    def __init__(self, choices):
        super().__init__()
        self.choices = list(choices)
        self.by_text = {str(text).lower(): value for value, text in self.choices}
        self.by_text.update({str(value).lower(): value for value, _ in self.choices})

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return ""
        try:
            return self.by_text[str(value).strip().lower()]
        except KeyError:
            allowed = ", ".join(str(code) for code, _ in self.choices)
            raise ValueError(
                gettext("'%(value)s' is not one of: %(allowed)s.")
                % {"value": value, "allowed": allowed}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value or ""


def choice_field(attribute: str, choices) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=attribute, widget=ChoiceWidget(choices))


def related_field(attribute: str, model, *lookups: str) -> fields.Field:
    return fields.Field(
        attribute=attribute, column_name=attribute, widget=NaturalKeyWidget(model, *lookups)
    )


def whole_number_field(attribute: str) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=attribute, widget=WholeNumberWidget())


def amount_field(attribute: str) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=attribute, widget=AmountWidget())


def source_field() -> fields.Field:
    """A record's source, by its key or title: the one reference to the figures app, by name
    (as every sourced model's foreign key makes it)."""
    return related_field("source", "figures.Source", "key", "title")
