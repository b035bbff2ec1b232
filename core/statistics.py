"""A profile's annual statistics (a zone's, an incubator's): the table of every year and a line
chart, handed to the page as JSON (json_script) for static/js/charts.js to draw."""

from decimal import Decimal

from django.utils.translation import gettext

from core.generic import TIMESTAMPS, from_memory, labels
from core.html import statistics_rows


def statistics_context(record, plotted: list[str], shown: list[str]) -> dict:
    """A profile's annual statistics: the table of every year and the chart of `plotted`."""
    # Their sources (a short table) from memory, each made once rather than once a year.
    field = record.statistics.model._meta.get_field("source")
    sources = labels(field.related_model, whole=True)
    rows = record.statistics.defer(*TIMESTAMPS).order_by("year")
    rows = list(rows.select_related("source") if sources is None else rows)
    if sources is not None:
        from_memory(rows, field, sources, whole=True)
    return {
        "statistics": statistics_table(rows, shown),
        "chart": statistics_chart(
            rows, plotted, gettext("%(name)s: annual statistics") % {"name": record}
        ),
    }


def statistics_chart(rows, fields: list[str], title: str) -> dict | None:
    """One line a statistic over the years; None when there are no rows to plot."""
    rows = sorted(rows, key=lambda row: row.year)
    if not rows:
        return None
    meta = rows[0]._meta
    datasets = []
    for name in fields:
        values = [getattr(row, name) for row in rows]
        if any(value is not None for value in values):
            datasets.append(
                {
                    "label": str(meta.get_field(name).verbose_name).capitalize(),
                    "data": [None if value is None else float(value) for value in values],
                }
            )
    if not datasets:
        return None
    return {
        "type": "line",
        "title": title,
        "labels": [row.year for row in rows],
        "datasets": datasets,
    }


def statistics_table(rows, fields: list[str]) -> dict:
    """Every year's row with the statistics it has, for the table beside the chart."""
    rows = sorted(rows, key=lambda row: row.year)
    if not rows:
        return {"headers": [], "rows": []}
    meta = rows[0]._meta
    shown = [name for name in fields if any(getattr(row, name) is not None for row in rows)]
    table = {
        "headers": [str(meta.get_field(name).verbose_name).capitalize() for name in shown],
        "rows": [
            {
                "year": row.year,
                "values": [shown_value(row, name) for name in shown],
                "source": row.source,
            }
            for row in rows
        ],
    }
    table["body"] = statistics_rows(table)
    return table


def shown_value(row, name: str) -> str:
    """A statistic as the table shows it: grouped digits, money with its currency."""
    value = getattr(row, name)
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return f"{value:,.0f} {row.currency}"
    return f"{value:,}"
