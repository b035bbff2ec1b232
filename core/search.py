"""The directories' text search, and the PostgreSQL indexes that make it quick.

A search term matches a record when any of the directory's search fields contains it, in any
case (Django's icontains). On PostgreSQL two kinds of index answer that without reading the
whole table:

- a trigram index (pg_trgm) on each searched column, for terms of three characters or more;
- one "grams" index a table, for shorter terms, which trigrams cannot serve (北京, 软件, 火): an
  immutable SQL function, torch_grams(), turns the searched columns into the set of their
  two-character pieces and their single non-ASCII characters; a GIN index holds that set for
  every row; a term's own pieces must all be in it (@>), and icontains then checks the match.

Which columns are searched comes from each directory's FilterSet (search_fields); the indexes
are made after every migrate (core.registry.sync_search_indexes).
"""

from django.db import connection, models
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

GRAMS_FUNCTION = r"""
CREATE OR REPLACE FUNCTION torch_grams(document text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT gram), '{}') FROM (
        SELECT substr(lower(document), i, 2) AS gram
        FROM generate_series(1, length(document) - 1) AS i
        UNION
        SELECT substr(document, i, 1)
        FROM generate_series(1, length(document)) AS i
        WHERE ascii(substr(document, i, 1)) > 127
    ) AS grams
    WHERE gram !~ '\s'
$$
"""
SHORT = 2  # terms this long or shorter are found through the grams index


def text_columns(model, search_fields) -> list[str]:
    """The searched fields that are text columns of the model's own table."""
    columns = []
    for name in search_fields:
        if "__" not in name and isinstance(model._meta.get_field(name), models.CharField):
            columns.append(model._meta.get_field(name).column)
    return columns


def document_sql(table: str, columns: list[str]) -> str:
    """The searched columns as one text, in the exact form the grams index was made from."""
    quote = connection.ops.quote_name
    parts = [f"coalesce({quote(table)}.{quote(column)}, '')" for column in columns]
    return " || ' ' || ".join(parts)


def index_sql(table: str, columns: list[str]) -> str:
    return (
        f'CREATE INDEX IF NOT EXISTS "{table}_grams" ON "{table}" '
        f"USING gin (torch_grams({document_sql(table, columns)}))"
    )


def grams_condition(model, columns: list[str], term: str) -> RawSQL:
    """True for rows whose searched columns hold every piece of the term (a short term's
    candidates; icontains then checks each)."""
    document = document_sql(model._meta.db_table, columns)
    return RawSQL(
        f"torch_grams({document}) @> torch_grams(%s)", [term], output_field=BooleanField()
    )


def uses_grams(model, columns: list[str], term: str) -> bool:
    """Whether the grams index serves this term on this model's table."""
    from core.registry import search_indexes

    return (
        connection.vendor == "postgresql"
        and len(term) <= SHORT
        and search_indexes().get(model._meta.db_table) == columns
    )
