"""Importers of the « Usages » module (registered on import)."""

from . import accounts  # noqa: F401
