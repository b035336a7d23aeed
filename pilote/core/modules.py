"""The module contract: what a module of Pilote provides, declared in one place.

Each module's ``apps.py`` holds a :class:`PiloteModule` (a Django ``AppConfig``) that says,
typed, everything core plugs in for it:

- ``url_prefix``: its pages under ``/etablissements/<uai>/<url_prefix>/`` (``urls.py``) and,
  with ``Part.TERRITORY_URLS``, under ``/territoires/<kind>/<code>/<url_prefix>/``
  (``territory_urls.py``, whose views live in ``territory_views.py``);
- ``domain``: the capability that its menu entries ask for;
- ``menu`` / ``territory_menu``: its entries in the school's and the territory's menu;
- ``parts``: the submodules core imports for it — ``indicators``, ``importers``, ``api``,
  ``retention`` (purges), ``home`` (« À traiter »), ``daily`` (daily jobs), ``demo``
  (``load(demo)``), ``territory_urls``;
- ``referentials``: its YAML files under ``referentials/``; a module whose referential is
  copied into its tables (national catalogue, missions, security measures) says how in
  :meth:`PiloteModule.sync_referentials`, which core calls after every ``migrate``.

Core reads nothing else: a new module is an app in ``INSTALLED_APPS`` whose config derives
from :class:`PiloteModule`, with no edit in core. The system check :func:`check_modules`
holds the declaration to the files (a part declared and missing, or present and not
declared, is an error at start-up).

The parts are imported the first time something asks for them (:func:`discover`), not when
Django starts: importing them all made every ``pilote`` call pay for Polars, Django REST
framework and the rest before doing anything (``tests/core/test_startup.py``).
"""

import importlib
import importlib.util
import threading
from dataclasses import dataclass
from enum import StrEnum
from types import ModuleType

from django.apps import AppConfig, apps
from django.core.checks import Error, register
from django.urls import include, path

from .choices import Domain


class Part(StrEnum):
    """A submodule of a module, by file name, that core imports for it."""

    INDICATORS = "indicators"
    IMPORTERS = "importers"
    API = "api"
    RETENTION = "retention"
    HOME = "home"
    DAILY = "daily"
    DEMO = "demo"
    TERRITORY_URLS = "territory_urls"


@dataclass(frozen=True)
class MenuEntry:
    """One entry of a menu: its label, the page it opens (URL name), its place."""

    label: str
    url_name: str
    order: int = 50


class PiloteModule(AppConfig):
    """The ``AppConfig`` of a module of Pilote: what it provides (see the module docstring)."""

    # Imported into each ``apps.py``, the contract itself must not look like a second config
    # of the app to Django; every subclass is one (unless it says otherwise).
    default = False
    url_prefix: str = ""
    domain: Domain | None = None
    menu: MenuEntry | None = None
    territory_menu: MenuEntry | None = None
    parts: frozenset[Part] = frozenset()
    referentials: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        cls.default = cls.__dict__.get("default", True)

    def provides(self, part: Part) -> bool:
        return part in self.parts

    def sync_referentials(self) -> None:
        """Bring the module's tables up to date with its referentials (idempotent).

        Called after every ``migrate`` and every flush (the same ``post_migrate`` signal,
        :func:`pilote.core.signals.sync_module_referentials`), never by a data migration: a
        migration would run the live loader against an old schema, and a database emptied by a
        test or restored from an old backup would lack what a newer file added. Most
        referentials are read where they are used and need nothing here.
        """

    def part(self, part: Part) -> ModuleType:
        return importlib.import_module(f"{self.name}.{part}")


def pilote_modules() -> list[PiloteModule]:
    """The installed modules, in ``INSTALLED_APPS`` order."""
    return [config for config in apps.get_app_configs() if isinstance(config, PiloteModule)]


def modules_providing(part: Part) -> list[PiloteModule]:
    return [module for module in pilote_modules() if module.provides(part)]


_discovered: set[Part] = set()
_lock = threading.RLock()


def discover(part: Part | str) -> None:
    """Import ``part`` of every module that declares it, once per process.

    Re-entrant: a submodule being imported may itself read the registry it fills.
    """
    part = Part(part)
    if part in _discovered:
        return
    with _lock:
        if part in _discovered:
            return
        _discovered.add(part)
        try:
            for module in modules_providing(part):
                module.part(part)
        except BaseException:
            _discovered.discard(part)
            raise


def url_patterns() -> list:
    """Each module's pages under the school and, if it has some, under the territory."""
    patterns = []
    for module in pilote_modules():
        if not module.url_prefix:
            continue
        patterns.append(
            path(f"etablissements/<str:uai>/{module.url_prefix}/", include(f"{module.name}.urls"))
        )
        if module.provides(Part.TERRITORY_URLS):
            patterns.append(
                path(
                    f"territoires/<str:kind>/<str:code>/{module.url_prefix}/",
                    include(f"{module.name}.territory_urls"),
                )
            )
    return patterns


@register()
def check_modules(app_configs=None, **kwargs) -> list[Error]:
    """Every app of Pilote is a :class:`PiloteModule` whose declaration matches its files."""
    errors = []
    for config in apps.get_app_configs():
        if not config.name.startswith("pilote."):
            continue
        if not isinstance(config, PiloteModule):
            errors.append(
                Error(
                    f"{config.name} : sa configuration ({type(config).__name__}) doit dériver "
                    "de pilote.core.modules.PiloteModule.",
                    id="pilote.E101",
                )
            )
            continue
        errors += _part_errors(config)
        if (config.menu or config.territory_menu) and config.domain is None:
            errors.append(
                Error(f"{config.name} : un menu sans domaine (domain).", id="pilote.E103")
            )
        if config.provides(Part.TERRITORY_URLS) and not _exists(f"{config.name}.territory_views"):
            errors.append(
                Error(
                    f"{config.name} : ses pages territoriales vont dans territory_views.py.",
                    id="pilote.E105",
                )
            )
        if config.territory_menu and not config.provides(Part.TERRITORY_URLS):
            errors.append(
                Error(
                    f"{config.name} : territory_menu sans pages territoriales "
                    "(Part.TERRITORY_URLS).",
                    id="pilote.E104",
                )
            )
    return errors


def _part_errors(config: PiloteModule) -> list[Error]:
    errors = []
    for part in Part:
        exists = _exists(f"{config.name}.{part}")
        if exists and not config.provides(part):
            errors.append(
                Error(
                    f"{config.name} : {part} existe mais n'est pas déclaré dans parts.",
                    hint=f"Ajouter Part.{part.name} à parts dans {config.name}.apps.",
                    id="pilote.E102",
                )
            )
        elif config.provides(part) and not exists:
            errors.append(
                Error(
                    f"{config.name} : Part.{part.name} est déclaré mais {part} n'existe pas.",
                    id="pilote.E102",
                )
            )
    return errors


def _exists(module: str) -> bool:
    return importlib.util.find_spec(module) is not None
