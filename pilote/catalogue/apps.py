from django.db.models.signals import post_migrate

from pilote.core.choices import Domain
from pilote.core.modules import MenuEntry, Part, PiloteModule


def load_referential(sender, **kwargs) -> None:
    """After every ``migrate`` (and every flush), the national catalogue is there and up to
    date, as the security measures are (idempotent: an unchanged entry is not written)."""
    from .referential import load_national_catalogue

    load_national_catalogue()


class CatalogueConfig(PiloteModule):
    name = "pilote.catalogue"
    label = "catalogue"
    verbose_name = "Services"
    url_prefix = "services"
    domain = Domain.SERVICES
    menu = MenuEntry("Services", "catalogue:index", order=20)
    territory_menu = MenuEntry("Services", "catalogue_territory:index", order=20)
    parts = frozenset({Part.INDICATORS, Part.API, Part.DEMO, Part.TERRITORY_URLS})
    referentials = ("services_nationaux.yaml", "indicateurs.yaml")

    def ready(self) -> None:
        post_migrate.connect(load_referential, sender=self)
