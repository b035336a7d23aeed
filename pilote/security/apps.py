from django.apps import AppConfig
from django.db.models.signals import post_migrate

from pilote.core.choices import Domain


def load_referential(sender, **kwargs) -> None:
    from .referential import load_measures

    load_measures()


class SecurityConfig(AppConfig):
    name = "pilote.security"
    label = "security"
    verbose_name = "Sécurité"
    url_prefix = "securite"
    nav = {
        "label": "Sécurité",
        "url_name": "security:index",
        "domain": Domain.SECURITE,
        "order": 70,
    }
    territory_nav = {
        "label": "Sécurité",
        "url_name": "security_territory:incidents",
        "domain": Domain.SECURITE,
        "order": 70,
    }

    def ready(self) -> None:
        post_migrate.connect(load_referential, sender=self)
