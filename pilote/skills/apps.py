from pilote.core.choices import Domain
from pilote.core.modules import MenuEntry, Part, PiloteModule


class SkillsConfig(PiloteModule):
    name = "pilote.skills"
    label = "skills"
    verbose_name = "Compétences"
    url_prefix = "competences"
    domain = Domain.COMPETENCES
    menu = MenuEntry("Compétences", "skills:index", order=55)
    territory_menu = MenuEntry("Compétences", "skills_territory:overview", order=55)
    parts = frozenset(
        {Part.INDICATORS, Part.IMPORTERS, Part.API, Part.RETENTION, Part.DEMO, Part.TERRITORY_URLS}
    )
    referentials = ("crcn.yaml", "indicateurs.yaml")
