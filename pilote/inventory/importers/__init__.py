from . import glpi, inventaire  # noqa: F401
