from django.apps import AppConfig

from pilote.core.choices import Domain


class SupportConfig(AppConfig):
    name = "pilote.support"
    label = "support"
    verbose_name = "Assistance"
    url_prefix = "assistance"
    nav = {
        "label": "Assistance",
        "url_name": "support:request_list",
        "domain": Domain.ASSISTANCE,
        "order": 65,
    }
    territory_nav = {
        "label": "Assistance",
        "url_name": "support_territory:queue",
        "domain": Domain.ASSISTANCE,
        "order": 65,
    }
