from pilote.core.choices import Domain
from pilote.core.modules import MenuEntry, PiloteModule


class PluginConfig(PiloteModule):
    name = "tests.core.plugin"
    label = "plugin"
    verbose_name = "Module d'essai"
    url_prefix = "essai"
    domain = Domain.PARC
    menu = MenuEntry("Module d'essai", "plugin:index", order=99)
