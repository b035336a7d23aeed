from django.db.models.signals import post_migrate

from pilote.core.choices import Domain
from pilote.core.modules import MenuEntry, Part, PiloteModule


def load_referential(sender, **kwargs) -> None:
    from .referential import load_measures

    load_measures()


class SecurityConfig(PiloteModule):
    name = "pilote.security"
    label = "security"
    verbose_name = "Sécurité"
    url_prefix = "securite"
    domain = Domain.SECURITE
    menu = MenuEntry("Sécurité", "security:index", order=70)
    territory_menu = MenuEntry("Sécurité", "security_territory:incidents", order=70)
    parts = frozenset({Part.INDICATORS, Part.API, Part.DEMO, Part.HOME, Part.TERRITORY_URLS})
    referentials = ("mesures.yaml", "indicateurs.yaml")

    def ready(self) -> None:
        post_migrate.connect(load_referential, sender=self)
