from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "pilote.security"
    label = "security"
    verbose_name = "Sécurité"
