from django.apps import AppConfig
from django.db.models.signals import post_migrate

from pilote.core.choices import Domain


def load_referential(sender, **kwargs) -> None:
    """After every ``migrate`` (and every flush), the national catalogue is there and up to
    date, as the security measures are (idempotent: an unchanged entry is not written)."""
    from .referential import load_national_catalogue

    load_national_catalogue()


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

    def ready(self) -> None:
        post_migrate.connect(load_referential, sender=self)
