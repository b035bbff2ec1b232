"""The directories' text search, and the PostgreSQL indexes that make it quick.

A search term matches a record when any of the directory's search fields contains it, in any
case (Django's icontains). On PostgreSQL two kinds of index answer that without reading the
whole table:

- a trigram index (pg_trgm) on the searched columns joined into one text (the "document"), for
  terms of three characters or more: one index scan finds the rows whose document holds the
  term, where one index a column needs an OR of scans that PostgreSQL often trades for reading
  the whole table (and cannot use at all once the OR reaches into another table);
- one "grams" index a table, for shorter terms, which trigrams cannot serve (北京, 软件, 火): an
  immutable SQL function, torch_grams(), turns the document into the set of its
  two-character pieces and its single non-ASCII characters; a GIN index holds that set for
  every row; a term's own pieces must all be in it (@>). The function is declared costly
  (it is), or the planner would rather work it out for every row of a small table than read
  the index (软件 among 2,000 zones: 21 ms at the default cost of 100, 5 at 300); but not much
  costlier, or the planner tries to spare rows from it with the columns' trigram indexes,
  which cannot serve a one-character term and return every row (云 among 500,000 companies:
  61 ms at 300, 5.9 s at 1,000), and at 10,000 its estimates pass PostgreSQL's threshold for
  compiling the query (JIT).
Either finds candidates; icontains on each field then checks the match. (The older trigram
index on each column is kept for the admin's searches.)

Which columns are searched comes from each directory's FilterSet (search_fields); the indexes
are made after every migrate (core.registry.sync_search_indexes).
"""

from django.db import connection, models
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

GRAMS_FUNCTION = r"""
CREATE OR REPLACE FUNCTION torch_grams(document text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 300 AS $$
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


def index_sql(table: str, columns: list[str]) -> list[str]:
    """The document's two indexes: its trigrams and its grams."""
    document = document_sql(table, columns)
    return [
        f'CREATE INDEX IF NOT EXISTS "{table}_document_trgm" ON "{table}" '
        f"USING gin (upper({document}) gin_trgm_ops)",
        f'CREATE INDEX IF NOT EXISTS "{table}_grams" ON "{table}" '
        f"USING gin (torch_grams({document}))",
    ]


def document_condition(model, columns: list[str], term: str) -> RawSQL | None:
    """True for the rows whose searched columns could hold the term (a superset of the matches,
    found through the document's indexes); None where the indexes do not serve the table."""
    from core.registry import search_indexes

    if connection.vendor != "postgresql" or search_indexes().get(model._meta.db_table) != columns:
        return None
    if len(term) == 1 and term.isascii():  # no grams: every row could hold it (and the
        return None  # planner would work the grams out for each to find that)
    document = document_sql(model._meta.db_table, columns)
    if len(term) <= SHORT:
        sql, params = f"torch_grams({document}) @> torch_grams(%s)", [term]
    else:
        pattern = f"%{connection.ops.prep_for_like_query(term)}%"
        sql, params = f"upper({document}) LIKE upper(%s)", [pattern]
    return RawSQL(sql, params, output_field=BooleanField())
