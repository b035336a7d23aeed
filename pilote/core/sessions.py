"""Sessions a person can see and end, and that end by themselves when left idle.

Each login records a :class:`UserSession`; :class:`IdleSessionMiddleware` ends a session
unused for ``PILOTE_SESSION_IDLE_MINUTES`` (a shared computer in a staff room) and notes the
activity at most once a minute, so that an ordinary page writes nothing more.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.sessions.models import Session
from django.utils import timezone

from .models import UserSession
from .network import client_ip

LAST_SEEN = "pilote_last_seen"
NOTE_EVERY_SECONDS = 60


def open_session(request, user) -> None:
    request.session[LAST_SEEN] = time.time()
    request.session.save()
    UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "ip_address": client_ip(request),
            "user_agent": request.headers.get("User-Agent", "")[:200],
            "last_seen": timezone.now(),
        },
    )


def close_session(session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def live_sessions(user):
    """The person's sessions that still exist (not expired, not ended elsewhere)."""
    alive = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return UserSession.objects.filter(user=user, session_key__in=alive)


def end_other_sessions(request) -> int:
    others = live_sessions(request.user).exclude(session_key=request.session.session_key)
    keys = list(others.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(session_key__in=keys).delete()
    return len(keys)


class IdleSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last = request.session.get(LAST_SEEN)
            if last is not None and now - last > settings.PILOTE_SESSION_IDLE_MINUTES * 60:
                logout(request)
            elif last is None or now - last > NOTE_EVERY_SECONDS:
                request.session[LAST_SEEN] = now
                UserSession.objects.filter(session_key=request.session.session_key).update(
                    last_seen=timezone.now()
                )
        return self.get_response(request)
