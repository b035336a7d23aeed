"""Writing to the security journal: one function, used by every module."""

from .models import JournalEntry


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(action: str, summary: str, *, request=None, user=None, school=None, **details):
    """Append one event. ``user`` defaults to the request's user when it is logged in."""
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    return JournalEntry.objects.create(
        action=action,
        summary=summary[:300],
        actor=user if user is not None and user.pk else None,
        actor_label=(str(user) if user is not None else "")[:200],
        school=school,
        ip_address=client_ip(request),
        details=details,
    )
