from django.urls import reverse
from django.utils.translation import gettext

from core.registry import entries


def navigation(request):
    """The main menu: the directories the registry puts there, then the dashboards; the
    section the visitor is in is marked as current."""
    items = [(str(entry.menu), entry.directory) for entry in entries() if entry.menu]
    items.append((gettext("Dashboards"), "dashboards"))
    menu = []
    for label, name in items:
        url = reverse(name)
        menu.append({"label": label, "url": url, "current": request.path.startswith(url)})
    return {"navigation": menu}
