from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnofundConfig(AppConfig):
    name = "innofund"
    verbose_name = _("Innofund and programmes")
