from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "pilote.inventory"
    label = "inventory"
    verbose_name = "Parc"
