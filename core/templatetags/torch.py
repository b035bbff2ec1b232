from django import template
from django.conf import settings
from django.template.base import TextNode, Variable
from django.template.defaulttags import CommentNode, URLNode
from django.templatetags.i18n import LanguageNode, TranslateNode
from django.templatetags.static import StaticNode
from django.urls import get_script_prefix
from django.utils import timezone, translation
from django.utils.http import escape_leading_slashes
from django.utils.translation import gettext_lazy as _

from core import html
from core.citation import citations
from core.html import cited_html, record_items

register = template.Library()


@register.filter
def vague(record, name: str):
    """A record's vague date as precisely as known: {{ zone|vague:"approved" }} -> "May 1988"."""
    return record.vague_date(name) or ""


@register.simple_tag
def figures_table(figures, caption=None):
    """The figures' table (see core.html.figures_table)."""
    return html.figures_table(figures, caption or _("Figures reported by the sources"))


@register.simple_tag
def cited(source, length: int = 0):
    """A link to a source, with its trust level; a low-trust source is marked wherever cited.
    Written in Python: a profile cites a source on every row of its statistics."""
    return cited_html(source, length)


@register.simple_tag
def related_items(records, city=True):
    """Records as list items (see core.html.record_items)."""
    return record_items(records, city)


@register.inclusion_tag("core/includes/provenance.html")
def provenance(record):
    """Where a record's facts come from: the source, the section, and how they were read."""
    return {"record": record}


@register.simple_tag(takes_context=True)
def language_links(context):
    """This very page in each language (query string kept), for the language switcher and the
    head's hreflang alternates. The portal's addresses are the same in every language but for
    the language's prefix (/zh-hans/; none for the default): the prefix is swapped, which
    Django's translate_url does by resolving and reversing the address (a tenth of a
    directory page's time)."""
    request = context["request"]
    current = translation.get_language()
    script, rest = get_script_prefix(), request.get_full_path()
    rest = rest.removeprefix(script)
    if current != settings.LANGUAGE_CODE:
        rest = rest.removeprefix(f"{current}/")
    links = []
    for code, _name in settings.LANGUAGES:
        prefix = "" if code == settings.LANGUAGE_CODE else f"{code}/"
        # escape_leading_slashes: a path like //evil.example/ must not become a link off-site.
        url = escape_leading_slashes(f"{script}{prefix}{rest}")
        links.append(
            {
                "code": code,
                "tag": translation.to_locale(code).replace("_", "-"),
                "name": translation.get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "current": code == current,
            }
        )
    return links


@register.simple_tag
def html_lang():
    """The page language as HTML writes it (BCP 47): "en", "zh-Hans"."""
    return translation.to_locale(translation.get_language() or "en").replace("_", "-")


@register.inclusion_tag("core/includes/cite.html", takes_context=True)
def cite_this(context, title, url, element_id, release=None, dataset=False, shown=False):
    """ "Cite this": the page `title` at `url` (a path or an absolute address) in the three
    styles, each with a copy button (`shown`: open at first); `element_id` makes the ids
    unique on the page. The
    release cited is the one given, or the latest (the context's `cited_release`, which the
    portal provides). The access date is today's, in the server's time zone: a cached page
    keeps it for at most PAGE_CACHE_SECONDS."""
    request = context["request"]
    if release is None:
        release = context.get("cited_release")
        release = release() if callable(release) else release
    return {
        "element_id": element_id,
        "release": release,
        "shown": shown,
        "styles": citations(
            str(title), request.build_absolute_uri(url), timezone.localdate(), release, dataset
        ),
    }


def _unvarying(node) -> bool:
    """Whether a node writes the same whatever the page: text, and {% translate %}, {% url %}
    and {% static %} of constants, setting no variable, in the page's language or in a
    {% language %} named by a constant."""
    if isinstance(node, TextNode | CommentNode):
        return True
    if isinstance(node, LanguageNode):
        return isinstance(node.language.var, str) and all(map(_unvarying, node.nodelist))
    if isinstance(node, TranslateNode):
        context = node.message_context
        return (
            node.asvar is None
            and _constant_text(node.filter_expression)
            and (context is None or _constant(context))
        )
    if isinstance(node, URLNode):
        return not (node.args or node.kwargs or node.asvar) and _constant(node.view_name)
    if isinstance(node, StaticNode):
        return node.varname is None and _constant(node.path)
    return False


def _constant(expression) -> bool:
    """A template expression that is a literal string, no filter applied."""
    return isinstance(expression.var, str) and not expression.filters


def _constant_text(expression) -> bool:
    """{% translate %}'s literal: a Variable of a quoted string, no filter applied."""
    variable = expression.var
    return isinstance(variable, Variable) and variable.lookups is None and not expression.filters


class FixedNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.written = {}  # by language and script prefix

    def render(self, context):
        key = (translation.get_language(), get_script_prefix())
        written = self.written.get(key)
        if written is None:
            written = self.written[key] = self.nodelist.render(context)
        return written


@register.tag
def fixed(parser, token):
    """{% fixed %}...{% endfixed %}: a part of the layout that is the same on every page in a
    language (the footer, the style sheets), written once per language for the life of the
    process rather than for each page (the footer alone took a twentieth of a directory
    page). It may hold only text and {% translate %}, {% url %} and {% static %} of constants
    (in a {% language %} named by one), so that nothing of one page can show on another."""
    nodelist = parser.parse(("endfixed",))
    parser.delete_first_token()
    for node in nodelist:
        if not _unvarying(node):
            raise template.TemplateSyntaxError(
                f"{{% fixed %}} holds only text and translate, url, static and language tags "
                f"of constants, not {node.token.contents if node.token else node!r}."
            )
    return FixedNode(nodelist)
