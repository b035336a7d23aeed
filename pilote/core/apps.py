from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "pilote.core"
    label = "core"
    verbose_name = "Socle de Pilote"

    def ready(self) -> None:
        from . import signals  # noqa: F401

        # Each module declares its indicators, importers and API viewsets in modules of these names.
        autodiscover_modules("indicators", "importers", "api")
