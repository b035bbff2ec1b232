from django.apps import AppConfig


class IncubatorsConfig(AppConfig):
    name = "incubators"
    verbose_name = "Incubators, companies and service centers"
