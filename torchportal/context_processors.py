from django.urls import reverse
from django.utils.translation import gettext_lazy as _

NAVIGATION = [
    (_("Zones"), "zones:zone_list"),
    (_("Incubators"), "incubators:incubator_list"),
    (_("Companies"), "incubators:company_list"),
    (_("Innofund"), "innofund:project_list"),
    (_("Dashboards"), "dashboards"),
    (_("Sources"), "figures:source_list"),
]


def navigation(request):
    """The main menu, with the section the visitor is in marked as current."""
    items = []
    for label, name in NAVIGATION:
        url = reverse(name)
        items.append({"label": str(label), "url": url, "current": request.path.startswith(url)})
    return {"navigation": items}
