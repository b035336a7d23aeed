"""Importers of the « Usages » module (registered on import)."""

from . import accounts, connexions, educonnect, stats  # noqa: F401
