from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Public pages")

    def ready(self):
        from core.cache import data_moved
        from portal.prebuilt import rebuild_after_change

        data_moved.connect(rebuild_after_change, dispatch_uid="rebuild-downloads")
