from pilote.core.choices import Domain
from pilote.core.modules import MenuEntry, Part, PiloteModule


class InventoryConfig(PiloteModule):
    name = "pilote.inventory"
    label = "inventory"
    verbose_name = "Parc"
    url_prefix = "parc"
    domain = Domain.PARC
    menu = MenuEntry("Parc", "inventory:index", order=10)
    territory_menu = MenuEntry("Parc", "inventory_territory:compliance", order=10)
    parts = frozenset({Part.INDICATORS, Part.IMPORTERS, Part.API, Part.DEMO, Part.TERRITORY_URLS})
    referentials = ("socle-college.yaml", "socle-lycee.yaml", "indicateurs.yaml")
