"""Small pieces of HTML a page repeats many times, written in Python: a template include per row
costs more than the page's queries (a profile cites a source on each of forty years of
statistics). Each writes exactly what its template did."""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from core.language import chinese_active


def cited_html(source, length: int = 0) -> SafeString:
    """A link to a source, with its trust level."""
    title = source.title
    if length and len(title) > length:
        title = title[: length - 1] + "…"
    link = format_html('<a href="{}">{}</a>', source.get_absolute_url(), title)
    if not source.trust:
        return link
    return format_html(
        '{} <span class="trust trust-{}" title="{}">{}</span>',
        link,
        source.trust,
        gettext("How far the text as read can be taken for the original's"),
        source.trust_label,
    )


def record_items(records) -> SafeString:
    """A profile's related records as <li>s: the link, the name in the other language, the city."""
    other_language = "en" if chinese_active() else "zh-Hans"
    items = []
    for record in records:
        other = getattr(record, "other_name", "")
        city = getattr(record, "city", "")
        items.append(
            format_html(
                '<li class="col"><a href="{}">{}</a>{}{}</li>',
                record.get_absolute_url(),
                str(record),
                format_html(' <span lang="{}">{}</span>', other_language, other) if other else "",
                format_html(' <span class="text-body-secondary">· {}</span>', city) if city else "",
            )
        )
    return SafeString("\n".join(items))


def statistics_rows(table: dict) -> SafeString:
    """The body of a profile's statistics table: the year, each value, the source (each source's
    citation written once: forty years often cite one or two)."""
    citations = {}

    def cited(source):
        if source.pk not in citations:
            citations[source.pk] = cited_html(source)
        return citations[source.pk]

    return format_html_join(
        "\n",
        '<tr><th scope="row">{}</th>{}<td>{}</td></tr>',
        (
            (
                row["year"],
                format_html_join("", '<td class="text-end">{}</td>', ((v,) for v in row["values"])),
                cited(row["source"]),
            )
            for row in table["rows"]
        ),
    )


def chart_rows(rows: list[dict], registry_label: str) -> SafeString:
    """The body of a chart's data table: exactly the plotted numbers, each with its source
    (the registry's own records where no source is named)."""
    return format_html_join(
        "\n",
        '<tr><td>{}</td><td>{}</td><td class="text-end">{}</td><td>{}</td><td>{}</td><td>{}</td>'
        "<td>{}{}</td></tr>",
        (
            (
                row["series"],
                row["label"],
                intcomma(floatformat(row["value"], "-2")),
                row["unit"],
                row["qualifier"] or "—",
                row["as_of"] or "—",
                row["source"] or registry_label,
                format_html(" ({})", row["locator"]) if row["locator"] else "",
            )
            for row in rows
        ),
    )
