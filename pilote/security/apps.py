from pilote.core.choices import Domain
from pilote.core.modules import MenuEntry, Part, PiloteModule


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

    def sync_referentials(self) -> None:
        """The security measures of the referential."""
        from .referential import load_measures

        load_measures()
