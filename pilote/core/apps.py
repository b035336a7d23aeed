from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    name = "pilote.core"
    label = "core"
    verbose_name = "Socle de Pilote"

    def ready(self) -> None:
        # ``retention`` for its system check.
        from . import retention, signals, territory  # noqa: F401

        # The modules' indicators, importers, API viewsets and purges are imported when first
        # asked for (``core.modules.discover``), not here: start-up stays short.


class PiloteAdminConfig(admin_apps.AdminConfig):
    """``django.contrib.admin`` on a site that journals every change (``admin_site``)."""

    default = False  # ``pilote.core`` alone in INSTALLED_APPS still means CoreConfig
    name = "django.contrib.admin"  # as inherited; written here for ``pilote help`` (cli.py)

    default_site = "pilote.core.admin_site.PiloteAdminSite"
