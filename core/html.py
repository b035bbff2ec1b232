"""Small pieces of HTML a page repeats many times, written in Python: a template include per row
costs more than the page's queries (a profile cites a source on each of forty years of
statistics). Each writes what its template did (the figures table: but for whitespace), each
value escaped as the template escaped it; the catalogue's own words are not, as {% translate %}
does not escape them."""

import html

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext, pgettext

from core.language import chinese_active, language_settled


def escaped(value) -> str:
    """conditional_escape(value) without its lazy-text wrapper, which costs more than the
    escaping (a directory page escapes some 700 values): the same text, as Django's escape()
    is html.escape()."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def escape(value) -> str:
    """Django's escape() (which escapes even text marked safe) without its lazy-text wrapper,
    which costs as much as the escaping: a source's page escapes a thousand values."""
    return html.escape(str(value))


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


def figures_table(figures, caption) -> SafeString:
    """A table of figures: what each measures, the figure (and how the source printed it), as of
    when, and the source with its words."""
    if not figures:
        return SafeString("")
    words = gettext("The source's words")  # the catalogue's own words, as {% translate %}
    citations = {}  # each source's citation written once: a source's page cites it every row
    with language_settled():  # each figure's value and date are written in the page's language
        rows = [figure_row(figure, citations, words) for figure in figures]
    headers = "".join(
        f'<th scope="col">{header}</th>'
        for header in (
            pgettext("what a figure measures", "What"),
            gettext("Figure"),
            gettext("As of"),
            gettext("Source"),
        )
    )
    return SafeString(
        '<div class="table-responsive">\n<table class="table table-sm align-top">\n'
        f"<caption>{escape(caption)}</caption>\n<thead><tr>{headers}</tr></thead>\n"
        "<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n</div>"
    )


def figure_row(figure, citations: dict, words: str) -> str:
    if figure.source_id not in citations:
        citations[figure.source_id] = cited_html(figure.source)
    printed = figure.printed and '<div class="small text-body-secondary">{}</div>'.format(
        gettext("printed: %(printed)s") % {"printed": escape(figure.printed)}
    )
    locator = figure.locator and (
        f', <span class="text-body-secondary">{escape(figure.locator)}</span>'
    )
    notes = figure.notes and f'<p class="mb-0 text-body-secondary">{escape(figure.notes)}</p>'
    return (
        f'<tr id="figure-{escape(figure.key)}">\n'
        f"<td>{escape(figure.metric)}</td>\n"
        f'<td class="text-nowrap">{escape(figure.display_value())}{printed}</td>\n'
        f'<td class="text-nowrap">{escape(figure.as_of_label or "—")}</td>\n'
        f"<td>{citations[figure.source_id]}{locator}\n"
        f'<details class="small"><summary>{words}</summary>'
        f'<blockquote class="mb-0">“{escape(figure.quote)}”</blockquote>{notes}</details>\n'
        "</td>\n</tr>"
    )


def record_items(records, city: bool = True) -> SafeString:
    """Records as <li>s (a profile's related records, a search's results): the link, the name
    in the other language, and the city (`city`: where the records were read with it)."""
    other_language = "en" if chinese_active() else "zh-Hans"
    items = []
    with language_settled():  # each name and link in the page's language
        for record in records:
            other = getattr(record, "other_name", "")
            shown_city = getattr(record, "city", "") if city else ""
            other = f' <span lang="{other_language}">{escape(other)}</span>' if other else ""
            if shown_city:
                shown_city = f' <span class="text-body-secondary">· {escape(shown_city)}</span>'
            link = f'<a href="{escape(record.get_absolute_url())}">{escape(str(record))}</a>'
            items.append(f'<li class="col">{link}{other}{shown_city}</li>')
    return SafeString("\n".join(items))


def statistics_rows(table: dict) -> SafeString:
    """The body of a profile's statistics table: the year, each value, the source (each source's
    citation written once: forty years often cite one or two). Joined as plain strings, each
    value escaped: format_html's per-cell work was a tenth of a zone's page."""
    citations = {}
    rows = []
    for row in table["rows"]:
        source = row["source"]
        if source.pk not in citations:
            citations[source.pk] = cited_html(source)
        values = "".join(f'<td class="text-end">{escape(value)}</td>' for value in row["values"])
        rows.append(
            f'<tr><th scope="row">{escape(row["year"])}</th>{values}'
            f"<td>{citations[source.pk]}</td></tr>"
        )
    return SafeString("\n".join(rows))


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
