from django.urls import reverse

NAVIGATION = [
    ("Zones", "zones:zone_list"),
    ("Incubators", "incubators:incubator_list"),
    ("Companies", "incubators:company_list"),
    ("Innofund", "innofund:project_list"),
    ("Dashboards", "dashboards"),
    ("Sources", "figures:source_list"),
]


def navigation(request):
    """The main menu, with the section the visitor is in marked as current."""
    items = []
    for label, name in NAVIGATION:
        url = reverse(name)
        items.append({"label": label, "url": url, "current": request.path.startswith(url)})
    return {"navigation": items}
