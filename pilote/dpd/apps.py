from pilote.core.choices import Domain
from pilote.core.modules import MenuEntry, Part, PiloteModule


class DpdConfig(PiloteModule):
    """The académie's data protection officer (DPD): RGPD registers, incidents with personal
    data, journal of personal-data exports — read only, and nothing else."""

    name = "pilote.dpd"
    label = "dpd"
    verbose_name = "Protection des données (DPD)"
    url_prefix = "dpd"
    domain = Domain.RGPD
    territory_menu = MenuEntry("Protection des données", "dpd:index", order=5)
    parts = frozenset({Part.TERRITORY_URLS})
