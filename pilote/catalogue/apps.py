from django.apps import AppConfig

from pilote.core.choices import Domain


class CatalogueConfig(AppConfig):
    name = "pilote.catalogue"
    label = "catalogue"
    verbose_name = "Services"
    url_prefix = "services"
    nav = {
        "label": "Services",
        "url_name": "catalogue:index",
        "domain": Domain.SERVICES,
        "order": 20,
    }
    territory_nav = {
        "label": "Services",
        "url_name": "catalogue_territory:index",
        "domain": Domain.SERVICES,
        "order": 20,
    }
