"""Addresses of records, made quickly: a directory page links every row to its profile, and
Django's reverse() walks the URL patterns for each one."""

from functools import lru_cache
from urllib.parse import quote

from django.urls import get_script_prefix, reverse

from core.language import current_language

PLACEHOLDER = "0slug0"  # a slug no record has, standing in for the record's own


@lru_cache(maxsize=256)
def _pattern(name: str, language: str | None, prefix: str) -> tuple[str, str]:
    before, _, after = reverse(name, args=[PLACEHOLDER]).partition(PLACEHOLDER)
    return before, after


def record_url(name: str, key: str) -> str:
    """reverse(name, args=[key]) for a URL with one slug in it, in the page's language."""
    before, after = _pattern(name, current_language(), get_script_prefix())
    return f"{before}{quote(str(key), safe='-_')}{after}"
