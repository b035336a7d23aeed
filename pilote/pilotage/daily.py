"""Pilotage's daily job: record every indicator of every school (the history)."""

from pilote.core.daily import register_daily

from .history import record


@register_daily("indicateurs.releve", "Relevé quotidien des indicateurs")
def record_indicators() -> str:
    """Idempotent per day: a second run the same day writes nothing."""
    return str(record())
