from django.apps import AppConfig


class MissionsConfig(AppConfig):
    name = "pilote.missions"
    label = "missions"
    verbose_name = "Missions"
