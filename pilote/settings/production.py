"""Settings of a real deployment: what ``pilote serve``, ``pilote worker`` and ``pilote check
--deploy`` run with unless ``PILOTE_DEBUG`` or ``pilote demo`` asks for development.

Pilote sits behind an HTTPS reverse proxy (nginx, Apache): cookies are ``Secure``, HSTS is on
and the proxy's ``X-Forwarded-Proto`` header is trusted.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY

if not SECRET_KEY:
    raise ImproperlyConfigured(
        "PILOTE_SECRET_KEY doit être défini en production (une longue chaîne aléatoire)."
    )

DEBUG = False

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
