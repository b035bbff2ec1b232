"""Bulk downloads in open standards.

- The whole published dataset as one zip: a CSV a table, described column by column in a
  Frictionless Data Package (datapackage.json), with the sources and the licence.
- Innofund projects in the 360Giving data standard's columns, for tools built for grant data.

A table's columns come from its model: relations are given by the related record's natural key
(a province's code, a zone's slug), and a vague date as one column ("1988-05").
"""

import csv
import io
import json
import zipfile
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.dates import DatePrecision
from core.exports import cell
from core.models import public_fields
from core.registry import entries
from figures.models import Source
from innofund.models import Project

LICENCE = _("""Torch Portal open data
======================

The tables in this package were compiled by Torch Portal from published documents; every record
and figure names its source (see sources.csv and the "source" column of each table).

The compilation is offered under the Creative Commons Attribution 4.0 International licence
(CC BY 4.0, https://creativecommons.org/licenses/by/4.0/): you may share and adapt it for any
purpose, giving credit to "Torch Portal" and to the sources it cites. The source documents
themselves remain under their publishers' own terms.

The CSV files hold the data exactly as stored. A spreadsheet may run text that starts with "="
as a formula: import the files as text, or open them with a data tool.
""")

VAGUE_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


@dataclass
class Column:
    name: str
    type: str
    description: str
    read: object  # record -> value
    pattern: str = ""

    def schema(self) -> dict:
        field = {"name": self.name, "type": self.type, "description": self.description}
        if self.pattern:
            field["constraints"] = {"pattern": self.pattern}
        return field


def frictionless_type(field) -> str:
    if isinstance(field, models.BooleanField):
        return "boolean"
    if isinstance(field, (models.IntegerField, models.AutoField)):
        return "integer"
    if isinstance(field, (models.DecimalField, models.FloatField)):
        return "number"
    if isinstance(field, models.DateTimeField):
        return "datetime"
    if isinstance(field, models.DateField):
        return "date"
    return "string"


def describe(field) -> str:
    text = str(field.help_text or field.verbose_name).strip()
    return text[0].upper() + text[1:] if text else field.name


def columns(model) -> list[Column]:
    """The model's columns: plain fields as they are, relations by natural key, vague dates as
    one column each."""
    vague = set(model.vague_date_names()) if hasattr(model, "vague_date_names") else set()
    result = []
    for field in public_fields(model):
        if field.name.endswith("_precision") and field.choices == DatePrecision.choices:
            continue
        name = field.name.removesuffix("_on")
        if name in vague and field.name == f"{name}_on":
            result.append(Column(name, "string",
                                 gettext("%(description)s (YYYY, YYYY-MM or YYYY-MM-DD: as "
                                         "precisely as the source gives it)")
                                 % {"description": describe(field)},
                                 lambda record, name=name: vague_iso(record, name),
                                 VAGUE_DATE_PATTERN))  # fmt: skip
        elif field.is_relation:
            key = field.related_model.NATURAL_KEY[0]
            result.append(Column(field.name, "string",
                                 gettext("%(description)s: the %(model)s's %(key)s")
                                 % {"description": describe(field),
                                    "model": field.related_model._meta.verbose_name, "key": key},
                                 lambda record, field=field, key=key: related_key(record, field, key)))  # fmt: skip
        else:
            result.append(Column(field.name, frictionless_type(field), describe(field),
                                 lambda record, field=field: getattr(record, field.attname)))  # fmt: skip
    return result


def vague_iso(record, name):
    date = record.vague_date(name)
    return date.iso() if date else ""


def related_key(record, field, key):
    related = getattr(record, field.name)
    if related is None or not getattr(related, "is_published", True):
        return ""
    return getattr(related, key)


def published(model):
    related = [f.name for f in model._meta.concrete_fields if f.is_relation]
    return model._default_manager.published().select_related(*related).order_by("pk")


def write_table(model, handle) -> list[Column]:
    """A table's CSV, written row by row to `handle` (text) as the records are read."""
    table_columns = columns(model)
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow([column.name for column in table_columns])
    for record in published(model).iterator(chunk_size=2000):
        writer.writerow([csv_value(column.read(record)) for column in table_columns])
    return table_columns


def csv_value(value):
    """Plain values a data package reader parses: ISO dates, true/false, no formula guards
    (the package is data, not a spreadsheet; the portal's spreadsheet downloads guard)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def write_data_package(target) -> None:
    """The zip, written to `target` (a path or a binary file): datapackage.json, one CSV a
    table, and LICENSE.txt. Tables are written as they are read: the whole never sits in
    memory."""
    resources = []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for entry in entries():
            model = entry.model
            path = f"data/{entry.name}.csv"
            with (
                package.open(path, "w") as raw,
                io.TextIOWrapper(raw, "utf-8", newline="") as handle,
            ):
                table_columns = write_table(model, handle)
            resources.append(
                {
                    "name": entry.name,
                    "path": path,
                    "title": model._meta.verbose_name_plural.capitalize(),
                    "description": str(entry.description),
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "schema": {"fields": [column.schema() for column in table_columns]},
                }
            )
        descriptor = {
            "name": "torch-portal",
            "title": gettext("Torch Portal: registry of China's Torch Program"),
            "description": gettext(
                "Published records of the registry: zones, incubators, companies, "
                "programmes, projects, figures and milestones, each with its source."
            ),
            "created": timezone.now().isoformat(timespec="seconds"),
            "licenses": [
                {
                    "name": "CC-BY-4.0",
                    "title": gettext("Creative Commons Attribution 4.0"),
                    "path": "https://creativecommons.org/licenses/by/4.0/",
                }
            ],
            "sources": [
                {"title": source.citation, **({"path": source.url} if source.url else {})}
                for source in Source.objects.order_by("published_on", "title")
            ],
            "resources": resources,
        }
        package.writestr("datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=2))
        package.writestr("LICENSE.txt", str(LICENCE))


GIVING_COLUMNS = [
    "Identifier", "Title", "Description", "Currency", "Amount Awarded", "Award Date",
    "Recipient Org:Identifier", "Recipient Org:Name", "Funding Org:Identifier",
    "Funding Org:Name", "Grant Programme:Title", "Beneficiary Location:Name",
]  # fmt: skip
IDENTIFIER_PREFIX = "360G-torchportal"


def giving_rows():
    """Innofund projects in the 360Giving standard's columns. Award dates are years, the
    precision the registry holds (ISO 8601 allows a year alone)."""
    projects = Project.objects.published().select_related(
        "company", "programme", "programme__parent", "sector", "province"
    )
    yield GIVING_COLUMNS
    for project in projects.order_by("year", "slug").iterator(chunk_size=2000):
        funder = project.programme.parent or project.programme
        description = ", ".join(
            part for part in [
                project.get_funding_type_display(),
                str(project.sector) if project.sector else "",
                project.get_status_display().lower(),
            ] if part
        )  # fmt: skip
        yield [
            f"{IDENTIFIER_PREFIX}-project-{project.slug}",
            project.name,
            description,
            project.currency,
            project.amount,
            str(project.year),
            f"{IDENTIFIER_PREFIX}-company-{project.company.slug}"
            if project.company.is_published
            else "",
            project.company.name if project.company.is_published else "",
            f"{IDENTIFIER_PREFIX}-programme-{funder.slug}",
            funder.name,
            project.programme.name,
            project.province.name if project.province else "",
        ]


def write_giving(target) -> None:
    """The 360Giving CSV (UTF-8 with a BOM, for spreadsheets), written to `target` (a text
    file) row by row."""
    target.write("\ufeff")
    writer = csv.writer(target)
    for row in giving_rows():
        writer.writerow([cell(value) for value in row])  # guarded against formulas
