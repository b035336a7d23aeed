from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "pilote.support"
    label = "support"
    verbose_name = "Assistance"
