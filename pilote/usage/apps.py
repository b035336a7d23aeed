from pilote.core.choices import Domain
from pilote.core.modules import MenuEntry, Part, PiloteModule


class UsageConfig(PiloteModule):
    name = "pilote.usage"
    label = "usage"
    verbose_name = "Usages"
    url_prefix = "usages"
    domain = Domain.USAGES
    menu = MenuEntry("Usages", "usage:audience", order=50)
    parts = frozenset({Part.INDICATORS, Part.IMPORTERS, Part.API, Part.RETENTION, Part.DEMO})
    referentials = ("indicateurs.yaml",)
