from django.apps import AppConfig


class InnofundConfig(AppConfig):
    name = "innofund"
    verbose_name = "Innofund and programmes"
