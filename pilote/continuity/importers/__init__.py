"""Importers of the « Continuité » module (registered on import)."""

from . import survey  # noqa: F401
