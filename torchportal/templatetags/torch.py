from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

register = template.Library()


@register.filter
def vague(record, name: str):
    """A record's vague date as precisely as known: {{ zone|vague:"approved" }} -> "May 1988"."""
    return record.vague_date(name) or ""


@register.inclusion_tag("includes/figures.html")
def figures_table(figures, caption="Figures reported by the sources"):
    return {"figures": figures, "caption": caption}


@register.inclusion_tag("includes/provenance.html")
def provenance(record):
    """Where a record's facts come from: the source, the section, and how they were read."""
    return {"record": record}


@register.simple_tag(takes_context=True)
def language_links(context):
    """This very page in each language (query string kept), for the language switcher."""
    request = context["request"]
    current = translation.get_language()
    return [
        {
            "code": code,
            "name": translation.get_language_info(code)["name_local"],
            "url": translate_url(request.get_full_path(), code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


@register.simple_tag
def html_lang():
    """The page language as HTML writes it (BCP 47): "en", "zh-Hans"."""
    return translation.to_locale(translation.get_language() or "en").replace("_", "-")
