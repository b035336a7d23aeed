"""Settings of ``pilote demo`` and of a developer's machine (``PILOTE_DEBUG=1``).

Served over plain HTTP on 127.0.0.1: cookies are not ``Secure``, mail is printed on the
console, and a fixed insecure key stands in when ``PILOTE_SECRET_KEY`` is absent.
"""

from .base import *  # noqa: F403
from .base import INSECURE_SECRET_KEY, SECRET_KEY, env_flag

DEBUG = env_flag("PILOTE_DEBUG")
SECRET_KEY = SECRET_KEY or INSECURE_SECRET_KEY
WHITENOISE_AUTOREFRESH = DEBUG

MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# The demo accounts sign in with their password alone (PILOTE_2FA_REQUIRED=1 to try it).
PILOTE_2FA_REQUIRED = env_flag("PILOTE_2FA_REQUIRED", False)
