from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.registry import Entry


class InnofundConfig(AppConfig):
    name = "innofund"
    verbose_name = _("Innofund and programmes")
    registry = [
        Entry(
            "Programme",
            "programmes",
            _("Innofund and the programmes around it."),
            api="innofund.api.ProgrammeViewSet",
        ),
        Entry(
            "Project",
            "projects",
            _("Grants and awards."),
            directory="innofund:project_list",
            menu=_("Innofund"),
            api="innofund.api.ProjectViewSet",
        ),
    ]
