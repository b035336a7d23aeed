from django.apps import AppConfig

from pilote.core.choices import Domain


class UsageConfig(AppConfig):
    name = "pilote.usage"
    label = "usage"
    verbose_name = "Usages"
    url_prefix = "usages"
    nav = {"label": "Usages", "url_name": "usage:audience", "domain": Domain.USAGES, "order": 50}
