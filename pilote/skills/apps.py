from django.apps import AppConfig

from pilote.core.choices import Domain


class SkillsConfig(AppConfig):
    name = "pilote.skills"
    label = "skills"
    verbose_name = "Compétences"
    url_prefix = "competences"
    nav = {
        "label": "Compétences",
        "url_name": "skills:index",
        "domain": Domain.COMPETENCES,
        "order": 55,
    }
    territory_nav = {
        "label": "Compétences",
        "url_name": "skills_territory:overview",
        "domain": Domain.COMPETENCES,
        "order": 55,
    }
