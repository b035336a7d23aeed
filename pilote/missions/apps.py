from django.db.models.signals import post_migrate

from pilote.core.choices import Domain
from pilote.core.modules import MenuEntry, Part, PiloteModule


def load_referential(sender, **kwargs) -> None:
    """After every ``migrate`` (and every flush, which emits the same signal), the missions of
    the referential are there and up to date, as the security measures are: a database emptied
    by a test or restored from an old backup never lacks them."""
    from .referential import sync_missions

    sync_missions()


class MissionsConfig(PiloteModule):
    name = "pilote.missions"
    label = "missions"
    verbose_name = "Missions"
    url_prefix = "missions"
    domain = Domain.MISSIONS
    menu = MenuEntry("Missions", "missions:index", order=60)
    parts = frozenset({Part.INDICATORS, Part.API, Part.DEMO})
    referentials = ("missions.yaml", "indicateurs.yaml")

    def ready(self) -> None:
        post_migrate.connect(load_referential, sender=self)
