from . import annuaire  # noqa: F401
