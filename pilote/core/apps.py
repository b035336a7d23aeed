from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "pilote.core"
    label = "core"
    verbose_name = "Socle de Pilote"

    def ready(self) -> None:
        from . import signals, territory  # noqa: F401

        # Each module declares its indicators, importers, API viewsets and purges (retention)
        # in modules of these names.
        autodiscover_modules("indicators", "importers", "api", "retention")


class PiloteAdminConfig(admin_apps.AdminConfig):
    """``django.contrib.admin`` on a site that journals every change (``admin_site``)."""

    default = False  # ``pilote.core`` alone in INSTALLED_APPS still means CoreConfig

    default_site = "pilote.core.admin_site.PiloteAdminSite"
