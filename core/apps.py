from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The building blocks every registry app uses. Its label stays "torchportal", the name it
    had before it got a package of its own, so that no table, content type, permission or
    migration record moves."""

    name = "core"
    label = "torchportal"
    verbose_name = _("Torch Portal")

    def ready(self):
        from core.cache import connect_signals
        from core.registry import sync_database

        connect_signals()
        # After every migrate: the roles' permissions and the search indexes, from the registry.
        post_migrate.connect(sync_database, dispatch_uid="core-sync-database")
