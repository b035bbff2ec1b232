from django.apps import AppConfig


class TorchPortalConfig(AppConfig):
    name = "torchportal"
    verbose_name = "Torch Portal"
