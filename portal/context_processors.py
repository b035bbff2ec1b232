import functools

from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language, gettext

from core.registry import entries
from portal.releases import cited_latest


def navigation(request):
    """The main menu: the directories the registry puts there, then the dashboards; the
    section the visitor is in is marked as current."""
    return {
        "navigation": [
            {"label": label, "url": url, "current": request.path.startswith(url)}
            for label, url in menu(get_language(), get_script_prefix())
        ]
    }


@functools.lru_cache(maxsize=16)
def menu(language: str, prefix: str) -> list[tuple[str, str]]:
    """The menu's labels and addresses in a language (the same for every request)."""
    items = [(str(entry.menu), entry.directory) for entry in entries() if entry.menu]
    items.append((gettext("Dashboards"), "dashboards"))
    return [(label, reverse(name)) for label, name in items]


def cited_release(request):
    """The release a page's "Cite this" names: the latest, looked up only if the page cites."""
    return {"cited_release": functools.partial(cited_latest, request)}
