from django.apps import AppConfig


class PilotageConfig(AppConfig):
    name = "pilote.pilotage"
    label = "pilotage"
    verbose_name = "Pilotage"

    def ready(self) -> None:
        from pilote.core.metrics import registry

        from . import signals  # noqa: F401
        from .history import RecordedHistory

        registry.use_history(RecordedHistory())
