from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.registry import Entry


class IncubatorsConfig(AppConfig):
    name = "incubators"
    verbose_name = _("Incubators, companies and service centers")
    registry = [
        Entry(
            "Incubator",
            "incubators",
            _("Technology business incubators and kindred parks."),
            directory="incubators:incubator_list",
            menu=_("Incubators"),
            api="incubators.api.IncubatorViewSet",
        ),
        Entry("IncubatorStatistics", "incubator-statistics", _("One incubator's year.")),
        Entry(
            "Company",
            "companies",
            _("Tech-based SMEs."),
            directory="incubators:company_list",
            menu=_("Companies"),
            api="incubators.api.CompanyViewSet",
        ),
        Entry("ServiceCenter", "service-centers", _("Productivity centers, transfer agencies.")),
    ]
