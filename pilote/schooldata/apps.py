from django.apps import AppConfig


class SchooldataConfig(AppConfig):
    name = "pilote.schooldata"
    label = "schooldata"
    verbose_name = "Données"
