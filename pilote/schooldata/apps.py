from pilote.core.choices import Domain
from pilote.core.modules import MenuEntry, Part, PiloteModule


class SchooldataConfig(PiloteModule):
    name = "pilote.schooldata"
    label = "schooldata"
    verbose_name = "Données"
    url_prefix = "donnees"
    domain = Domain.DONNEES
    menu = MenuEntry("Données", "schooldata:index", order=30)
    parts = frozenset({Part.INDICATORS, Part.IMPORTERS, Part.API, Part.RETENTION, Part.DEMO})
    referentials = ("applications.yaml", "indicateurs.yaml")
