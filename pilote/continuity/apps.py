from django.apps import AppConfig

from pilote.core.choices import Domain


class ContinuityConfig(AppConfig):
    name = "pilote.continuity"
    label = "continuity"
    verbose_name = "Continuité pédagogique"
    url_prefix = "continuite"
    nav = {
        "label": "Continuité",
        "url_name": "continuity:index",
        "domain": Domain.CONTINUITE,
        "order": 75,
    }
    territory_nav = {
        "label": "Continuité",
        "url_name": "continuity_territory:index",
        "domain": Domain.CONTINUITE,
        "order": 75,
    }
