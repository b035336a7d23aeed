from pilote.core.choices import Domain
from pilote.core.modules import MenuEntry, Part, PiloteModule


class SupportConfig(PiloteModule):
    name = "pilote.support"
    label = "support"
    verbose_name = "Assistance"
    url_prefix = "assistance"
    domain = Domain.ASSISTANCE
    menu = MenuEntry("Assistance", "support:request_list", order=65)
    territory_menu = MenuEntry("Assistance", "support_territory:queue", order=65)
    parts = frozenset({Part.INDICATORS, Part.API, Part.DEMO, Part.HOME, Part.TERRITORY_URLS})
    referentials = ("delais.yaml", "indicateurs.yaml")
