from django.apps import AppConfig

from pilote.core.choices import Domain


class SchooldataConfig(AppConfig):
    name = "pilote.schooldata"
    label = "schooldata"
    verbose_name = "Données"
    url_prefix = "donnees"
    nav = {
        "label": "Données",
        "url_name": "schooldata:index",
        "domain": Domain.DONNEES,
        "order": 30,
    }
