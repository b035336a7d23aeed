from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "pilote.skills"
    label = "skills"
    verbose_name = "Compétences"
