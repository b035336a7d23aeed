"""The hash chain of the security journal: what makes a rewritten entry visible.

Each entry stores ``previous_hash`` (the ``hash`` of the entry before it) and its own
``hash``, an HMAC-SHA256 over its content and ``previous_hash``. Changing an entry changes its
hash, and removing or inserting one breaks the next link, so a rewrite is seen unless the
writer recomputes every later hash — which needs the key (``PILOTE_JOURNAL_KEY``, by default
the secret key), kept out of the database.

The content is serialised exactly as the database gives it back (UTC timestamp with
microseconds, normalised IP address, JSON details with sorted keys), so that the verifier
recomputes the same hash from a row read on SQLite or PostgreSQL.
"""

import hashlib
import hmac
import json
from datetime import UTC

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.ipv6 import clean_ipv6_address

GENESIS = ""


def journal_key() -> bytes:
    key = getattr(settings, "PILOTE_JOURNAL_KEY", "") or settings.SECRET_KEY
    return hashlib.sha256(("pilote.journal:" + key).encode()).digest()


def normalise_details(details: dict) -> dict:
    """The details as the JSON column will return them (dates become strings…)."""
    return json.loads(json.dumps(details, cls=DjangoJSONEncoder))


def normalise_ip(ip: str | None) -> str | None:
    if not ip:
        return None
    return clean_ipv6_address(ip) if ":" in ip else ip


def digest(entry, previous_hash: str) -> str:
    """The hash of ``entry`` (a JournalEntry, saved or about to be) chained to the previous."""
    content = [
        previous_hash,
        entry.timestamp.astimezone(UTC).isoformat(timespec="microseconds"),
        entry.action,
        entry.actor_id,
        entry.actor_label,
        entry.school_id,
        normalise_ip(entry.ip_address),
        entry.summary,
        entry.details,
    ]
    payload = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(journal_key(), payload.encode(), hashlib.sha256).hexdigest()
