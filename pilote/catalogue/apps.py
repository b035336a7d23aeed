from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "pilote.catalogue"
    label = "catalogue"
    verbose_name = "Services"
