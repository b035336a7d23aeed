from django.apps import AppConfig


class UsageConfig(AppConfig):
    name = "pilote.usage"
    label = "usage"
    verbose_name = "Usages"
