from django.apps import AppConfig

from pilote.core.choices import Domain


class PilotageConfig(AppConfig):
    name = "pilote.pilotage"
    label = "pilotage"
    verbose_name = "Pilotage"
    url_prefix = "pilotage"
    nav = {
        "label": "Projet numérique",
        "url_name": "pilotage:index",
        "domain": Domain.PROJET,
        "order": 5,
    }
    territory_nav = {
        "label": "Projets numériques",
        "url_name": "pilotage_territory:index",
        "domain": Domain.PROJET,
        "order": 5,
    }

    def ready(self) -> None:
        from pilote.core.metrics import registry

        from . import signals  # noqa: F401
        from .history import RecordedHistory
        from .targets import VoletTargets

        registry.use_history(RecordedHistory())
        registry.use_targets(VoletTargets())
