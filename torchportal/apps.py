from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TorchPortalConfig(AppConfig):
    name = "torchportal"
    verbose_name = _("Torch Portal")

    def ready(self):
        from torchportal.cache import connect_signals

        connect_signals()
