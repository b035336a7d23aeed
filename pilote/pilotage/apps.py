from pilote.core.choices import Domain
from pilote.core.modules import MenuEntry, Part, PiloteModule


class PilotageConfig(PiloteModule):
    name = "pilote.pilotage"
    label = "pilotage"
    verbose_name = "Pilotage"
    url_prefix = "pilotage"
    domain = Domain.PROJET
    menu = MenuEntry("Projet numérique", "pilotage:index", order=5)
    territory_menu = MenuEntry("Projets numériques", "pilotage_territory:index", order=5)
    parts = frozenset({Part.INDICATORS, Part.DEMO, Part.HOME, Part.DAILY, Part.TERRITORY_URLS})
    referentials = ("indicateurs.yaml",)

    def ready(self) -> None:
        from pilote.core.metrics import registry

        from . import signals  # noqa: F401
        from .history import RecordedHistory
        from .targets import VoletTargets

        registry.use_history(RecordedHistory())
        registry.use_targets(VoletTargets())
