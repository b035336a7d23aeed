from django.apps import AppConfig

from pilote.core.choices import Domain


class MissionsConfig(AppConfig):
    name = "pilote.missions"
    label = "missions"
    verbose_name = "Missions"
    url_prefix = "missions"
    nav = {
        "label": "Missions",
        "url_name": "missions:index",
        "domain": Domain.MISSIONS,
        "order": 60,
    }
