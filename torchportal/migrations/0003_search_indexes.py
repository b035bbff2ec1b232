"""Trigram indexes for the directories' text search (`?q=`) on PostgreSQL.

Django's icontains reads UPPER(column) LIKE UPPER('%term%'); a GIN trigram index on
UPPER(column) answers that without reading the table. SQLite has no such index and needs none
at its scale, so there this migration does nothing.
"""

from django.db import migrations

# table: the columns each directory's search reads (see the apps' filters.py)
SEARCHED = {
    "zones_zone": ["name", "name_zh", "other_names", "city"],
    "incubators_incubator": ["name", "name_zh", "city"],
    "incubators_company": ["name", "name_zh", "stock_code", "city"],
    "innofund_project": ["name", "name_zh", "code"],
}


def index_name(table, column):
    return f"{table}_{column}_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, columns in SEARCHED.items():
        for column in columns:
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{index_name(table, column)}" ON "{table}" '
                f'USING gin (UPPER("{column}"::text) gin_trgm_ops)'
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in SEARCHED.items():
        for column in columns:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{index_name(table, column)}"')


class Migration(migrations.Migration):
    dependencies = [
        ("torchportal", "0002_data_version"),
        ("zones", "0004_translatable_labels"),
        ("incubators", "0005_directory_order"),
        ("innofund", "0005_directory_order"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
