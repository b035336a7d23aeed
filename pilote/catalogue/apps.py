from pilote.core.choices import Domain
from pilote.core.modules import MenuEntry, Part, PiloteModule


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

    def sync_referentials(self) -> None:
        """The national catalogue of services, as the file says (unchanged entries untouched)."""
        from .referential import load_national_catalogue

        load_national_catalogue()
