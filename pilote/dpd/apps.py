from django.apps import AppConfig

from pilote.core.choices import Domain


class DpdConfig(AppConfig):
    """The académie's data protection officer (DPD): RGPD registers, incidents with personal
    data, journal of personal-data exports — read only, and nothing else."""

    name = "pilote.dpd"
    label = "dpd"
    verbose_name = "Protection des données (DPD)"
    url_prefix = "dpd"
    territory_nav = {
        "label": "Protection des données",
        "url_name": "dpd:index",
        "domain": Domain.RGPD,
        "order": 5,
    }
