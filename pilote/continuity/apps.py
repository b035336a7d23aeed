from pilote.core.choices import Domain
from pilote.core.modules import MenuEntry, Part, PiloteModule


class ContinuityConfig(PiloteModule):
    name = "pilote.continuity"
    label = "continuity"
    verbose_name = "Continuité pédagogique"
    url_prefix = "continuite"
    domain = Domain.CONTINUITE
    menu = MenuEntry("Continuité", "continuity:index", order=75)
    territory_menu = MenuEntry("Continuité", "continuity_territory:index", order=75)
    parts = frozenset({Part.INDICATORS, Part.IMPORTERS, Part.DEMO, Part.TERRITORY_URLS})
    referentials = ("checklist.yaml", "indicateurs.yaml")
