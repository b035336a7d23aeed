from django.apps import AppConfig

from pilote.core.choices import Domain


class InventoryConfig(AppConfig):
    name = "pilote.inventory"
    label = "inventory"
    verbose_name = "Parc"
    url_prefix = "parc"
    nav = {"label": "Parc", "url_name": "inventory:index", "domain": Domain.PARC, "order": 10}
    territory_nav = {
        "label": "Parc",
        "url_name": "inventory_territory:compliance",
        "domain": Domain.PARC,
        "order": 10,
    }
