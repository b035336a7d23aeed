from django.contrib.admin import apps as admin_apps

from .modules import Part, PiloteModule


class CoreConfig(PiloteModule):
    """Core is a module like the others for what it provides (indicators of the school, the
    directory importer, the API of schools, purges, the demo's schools and accounts); it has
    no menu entry of its own."""

    name = "pilote.core"
    label = "core"
    verbose_name = "Socle de Pilote"
    parts = frozenset(
        {Part.INDICATORS, Part.IMPORTERS, Part.API, Part.RETENTION}
        | {Part.HOME, Part.DAILY, Part.DEMO}
    )
    referentials = ("indicateurs.yaml",)

    def ready(self) -> None:
        # ``retention`` for its system check.
        from . import retention, signals, territory  # noqa: F401

        # The modules' parts (indicators, importers, API…) are imported when first asked for
        # (``core.modules.discover``), not here: start-up stays short.


class PiloteAdminConfig(admin_apps.AdminConfig):
    """``django.contrib.admin`` on a site that journals every change (``admin_site``)."""

    default = False  # ``pilote.core`` alone in INSTALLED_APPS still means CoreConfig
    name = "django.contrib.admin"  # as inherited; written here for ``pilote help`` (cli.py)

    default_site = "pilote.core.admin_site.PiloteAdminSite"
