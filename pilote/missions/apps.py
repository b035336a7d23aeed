from pilote.core.choices import Domain
from pilote.core.modules import MenuEntry, Part, PiloteModule


class MissionsConfig(PiloteModule):
    name = "pilote.missions"
    label = "missions"
    verbose_name = "Missions"
    url_prefix = "missions"
    domain = Domain.MISSIONS
    menu = MenuEntry("Missions", "missions:index", order=60)
    parts = frozenset({Part.INDICATORS, Part.API, Part.DEMO})
    referentials = ("missions.yaml", "indicateurs.yaml")

    def sync_referentials(self) -> None:
        """The missions of the referential, that delegations point at."""
        from .referential import sync_missions

        sync_missions()
