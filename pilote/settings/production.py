"""Settings of a real deployment: what ``pilote serve``, ``pilote worker`` and ``pilote check
--deploy`` run with unless ``PILOTE_DEBUG`` or ``pilote demo`` asks for development.

Pilote sits behind an HTTPS reverse proxy (nginx, Apache): cookies are ``Secure``, HSTS is on,
plain HTTP is redirected and the proxy's ``X-Forwarded-Proto`` header is trusted. Static files
are collected once (``pilote collectstatic``) with hashed names and compressed copies, served
by whitenoise with far-future caching.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, STORAGES, VAR_DIR, env_flag

if not SECRET_KEY:
    raise ImproperlyConfigured(
        "PILOTE_SECRET_KEY doit être défini en production (une longue chaîne aléatoire)."
    )

DEBUG = False

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_flag("PILOTE_SSL_REDIRECT", True)
# The supervision probes /sante/ over plain HTTP on the machine itself.
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
SILENCED_SYSTEM_CHECKS = [
    # HSTS for every subdomain, and the browsers' preload list, are decisions for the owner of
    # the whole domain (the académie's ac-xxx.fr), not for one of its applications.
    "security.W005",
    "security.W021",
]

STATIC_ROOT = os.environ.get("PILOTE_STATIC_ROOT") or str(VAR_DIR / "static")
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
