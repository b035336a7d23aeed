"""Settings shared by every way of running Pilote, read from the environment.

Three modules build on this one and are the only ones Django is pointed at:
``pilote.settings.production`` (the default of the ``pilote`` command and of the WSGI
application), ``pilote.settings.development`` (``pilote demo`` and ``PILOTE_DEBUG=1``) and
``pilote.settings.test`` (pytest, through ``pyproject.toml``). Nothing here guesses which of
the three is running: what differs between them is written in them.

Everything a deployment changes comes from an environment variable (see README.md):
``DATABASE_URL``, ``PILOTE_SECRET_KEY``, ``PILOTE_ALLOWED_HOSTS``, ``PILOTE_VAR_DIR``…
``PILOTE_DEMO`` is set by ``pilote demo`` only.
"""

import os
from pathlib import Path

import dj_database_url


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "oui"}


BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PILOTE_VAR_DIR", Path.cwd() / "var")).resolve()

DEBUG = False
DEMO = env_flag("PILOTE_DEMO")
# Each settings module decides what an absent key means (an error in production).
SECRET_KEY = os.environ.get("PILOTE_SECRET_KEY", "")
# The key of development and tests: never accepted by the production settings.
INSECURE_SECRET_KEY = "pilote-insecure-key-for-debug-demo-and-tests-only"

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("PILOTE_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")
    if host.strip()
]
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("PILOTE_CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]

INSTALLED_APPS = [
    "pilote.core.apps.PiloteAdminConfig",  # django.contrib.admin, journaled
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "dsfr",
    "widget_tweaks",  # django-dsfr's checkbox and radio templates load it
    "django_htmx",
    "django_tables2",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "simple_history",
    "axes",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "pilote.core",
    "pilote.inventory",
    "pilote.catalogue",
    "pilote.schooldata",
    "pilote.bookings",
    "pilote.usage",
    "pilote.skills",
    "pilote.security",
    "pilote.missions",
    "pilote.support",
    "pilote.continuity",
    "pilote.pilotage",
    "pilote.dpd",
]

# django-dsfr marks the content of its components safe by default; messages
# carry what people typed (a file name, a resource's name), so they are escaped like any text.
DSFR_CONTENT_IS_SAFE = False

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "pilote.core.sessions.IdleSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "pilote.core.middleware.csp_nonce_on_request",
    "pilote.core.middleware.maintenance_page",
    "pilote.core.twofactor.second_factor_gate",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pilote.urls"
WSGI_APPLICATION = "pilote.wsgi.application"
ASGI_APPLICATION = "pilote.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pilote.core.context_processors.pilote",
                "pilote.security.context_processors.charter_to_acknowledge",
            ],
        },
    }
]

DEFAULT_SQLITE = VAR_DIR / ("demo.sqlite3" if DEMO else "pilote.sqlite3")
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DEFAULT_SQLITE}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while a writer imports; IMMEDIATE avoids lock upgrades
        # that end in "database is locked" under concurrent writes.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The JIT compiler pays off on long analytical scans, not on Pilote's grouped queries:
    # measuring 500 schools, it spent 5.6 s compiling a 10.5 s query (usages) for nothing.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "pilote.core.auth.UsernameOrEmailBackend",
    "pilote.core.oidc.AcademieBackend",  # inert until PILOTE_OIDC_CLIENT_ID is set
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in with the académie's identity provider (OpenID Connect: ProConnect or the académie's
# own), pilote.core.oidc and README « Connexion par l'académie ». The account is matched by
# e-mail; no role comes from the provider; an ``acr`` listed in PILOTE_OIDC_MFA_ACR means the
# provider asked for a second factor.
PILOTE_OIDC_ENABLED = bool(os.environ.get("PILOTE_OIDC_CLIENT_ID"))
PILOTE_OIDC_LABEL = os.environ.get("PILOTE_OIDC_LABEL", "ProConnect")
OIDC_RP_CLIENT_ID = os.environ.get("PILOTE_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("PILOTE_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("PILOTE_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("PILOTE_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("PILOTE_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("PILOTE_OIDC_JWKS_ENDPOINT", "")
PILOTE_OIDC_END_SESSION_ENDPOINT = os.environ.get("PILOTE_OIDC_END_SESSION_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("PILOTE_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("PILOTE_OIDC_SCOPES", "openid email given_name usual_name uid")
OIDC_AUTH_REQUEST_EXTRA_PARAMS = (
    {"acr_values": os.environ["PILOTE_OIDC_ACR_VALUES"]}
    if os.environ.get("PILOTE_OIDC_ACR_VALUES")
    else {}
)
PILOTE_OIDC_MFA_ACR = [
    value.strip()
    for value in os.environ.get(
        "PILOTE_OIDC_MFA_ACR",
        "eidas2,eidas3,https://proconnect.gouv.fr/assurance/self-asserted-2fa,"
        "https://proconnect.gouv.fr/assurance/consistency-checked-2fa",
    ).split(",")
    if value.strip()
]
OIDC_USE_PKCE = env_flag("PILOTE_OIDC_PKCE")
OIDC_CREATE_USER = False
OIDC_STORE_ID_TOKEN = True  # the hint ProConnect's sign-out requires
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
LOGIN_REDIRECT_URL_FAILURE = "/connexion/academie/refusee/"

# Login throttling (django-axes): after 5 failures, the account+address pair waits one hour.
# The account is counted once whatever was typed (case, username or e-mail), and the address
# is the client's, read through the reverse proxy (pilote.core.network).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "pilote.core.auth.axes_username"
AXES_CLIENT_IP_CALLABLE = "pilote.core.network.client_ip"
# Addresses (or networks) of the reverse proxies allowed to say who the client is in
# X-Forwarded-For; empty: the header is ignored (direct connections).
PILOTE_TRUSTED_PROXIES = [
    proxy.strip()
    for proxy in os.environ.get("PILOTE_TRUSTED_PROXIES", "").split(",")
    if proxy.strip()
]
# One address failing on many accounts (password spraying) waits the same hour. A school's
# whole staff often shares one public address: the limit is well above one person's errors.
PILOTE_LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("PILOTE_LOGIN_FAILURES_PER_ADDRESS", 30))
# « Mot de passe oublié »: links sent per hour, per address typed and per client address.
PILOTE_PASSWORD_RESETS_PER_EMAIL = 3
PILOTE_PASSWORD_RESETS_PER_ADDRESS = 10
# Second factor (TOTP) for the head, administrators, the RSSI and the DPD signing in with a
# local password (pilote.core.twofactor); off in development and the demo (README).
PILOTE_2FA_REQUIRED = env_flag("PILOTE_2FA_REQUIRED", True)
OTP_TOTP_ISSUER = "Pilote"
# A session left idle this long ends (the next page asks to log in again); sessions last at
# most SESSION_COOKIE_AGE whatever the activity.
PILOTE_SESSION_IDLE_MINUTES = int(os.environ.get("PILOTE_SESSION_IDLE_MINUTES", 60))

# Retention periods (RGPD), erased by `pilote purge` (README « Sécurité et données
# personnelles »). Months unless the name says days; the journal keeps 6 months at least.
PILOTE_RETENTION = {
    "departed_pupils_months": int(os.environ.get("PILOTE_RETENTION_DEPARTED_PUPILS_MONTHS", 12)),
    "journal_months": int(os.environ.get("PILOTE_RETENTION_JOURNAL_MONTHS", 12)),
    "connections_months": int(os.environ.get("PILOTE_RETENTION_CONNECTIONS_MONTHS", 12)),
    "import_files_days": 7,
}
# The journal's hash chain is keyed with this secret (by default the secret key): keep it
# stable, or the verifier reports the first entry as rewritten.
PILOTE_JOURNAL_KEY = os.environ.get("PILOTE_JOURNAL_KEY", "")

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Only needed to serve pre-collected files; by default whitenoise serves from the apps.
STATIC_ROOT = os.environ.get("PILOTE_STATIC_ROOT") or None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
# While this file exists, every page is the French maintenance page (pilote maintenance on).
PILOTE_MAINTENANCE_FLAG = VAR_DIR / "maintenance"
MEDIA_URL = "media/"
# Static files are served by whitenoise straight from the apps: no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False

# Uploads: imports are kept in memory up to this size, refused beyond the import limit.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
PILOTE_IMPORT_MAX_BYTES = int(os.environ.get("PILOTE_IMPORT_MAX_BYTES", 50 * 1024 * 1024))
# A file uploaded in the page above this size is previewed and applied by the background
# worker (progress on the job's page): a web worker is never held by a big import.
PILOTE_IMPORT_BACKGROUND_BYTES = int(
    os.environ.get("PILOTE_IMPORT_BACKGROUND_BYTES", 5 * 1024 * 1024)
)
# An import that would mark as left, deactivate or delete more than this share (in %) of the
# records it compares is held until the person confirms that exact consequence.
PILOTE_IMPORT_MAX_REMOVAL_PERCENT = int(os.environ.get("PILOTE_IMPORT_MAX_REMOVAL_PERCENT", 20))
# …and at least this many records: removing 1 pupil of 2 needs no confirmation.
PILOTE_IMPORT_MIN_REMOVALS_TO_CONFIRM = int(
    os.environ.get("PILOTE_IMPORT_MIN_REMOVALS_TO_CONFIRM", 10)
)

# One cache shared by every process (web workers and background workers), so that a change
# seen by one is seen by all: Redis when PILOTE_REDIS_URL is set, else a table of the database
# (created by ``migrate``). Cached indicators need one entry per school and module (500
# schools: ~7,000).
if os.environ.get("PILOTE_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["PILOTE_REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "pilote_cache",
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }

# Mail goes out by SMTP, from the worker (core.notify's outbox), never inside a web request;
# development prints it on the console instead. A server silent for PILOTE_SMTP_TIMEOUT
# seconds counts as down: the message is tried again after each of PILOTE_MAIL_RETRY_DELAYS
# (seconds), then waits on the school's « Courriels » page.
PILOTE_SMTP_TIMEOUT = int(os.environ.get("PILOTE_SMTP_TIMEOUT", 10))
PILOTE_MAIL_RETRY_DELAYS = [
    int(delay)
    for delay in os.environ.get("PILOTE_MAIL_RETRY_DELAYS", "60,300,900,3600,10800").split(",")
]
PILOTE_MAIL_SWEEP_SECONDS = int(os.environ.get("PILOTE_MAIL_SWEEP_SECONDS", 600))
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("PILOTE_SMTP_HOST", "localhost"),
            "port": int(os.environ.get("PILOTE_SMTP_PORT", 25)),
            "username": os.environ.get("PILOTE_SMTP_USER", ""),
            "password": os.environ.get("PILOTE_SMTP_PASSWORD", ""),
            "use_tls": env_flag("PILOTE_SMTP_TLS"),
            "timeout": PILOTE_SMTP_TIMEOUT,
        },
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("PILOTE_FROM_EMAIL", "pilote@localhost")
# Who publishes this instance and answers about its accessibility (RGAA statement, footer).
PILOTE_PUBLISHER = os.environ.get("PILOTE_PUBLISHER", "L'académie")
PILOTE_ACCESSIBILITY_CONTACT = os.environ.get("PILOTE_ACCESSIBILITY_CONTACT", DEFAULT_FROM_EMAIL)

# Background work (django.tasks), run by ``pilote worker``: by default a queue in the database
# (one or more machines sharing it); with PILOTE_QUEUE_REDIS_URL, an RQ queue in Redis, for an
# académie running many workers on several machines without loading its database.
PILOTE_QUEUE_REDIS_URL = os.environ.get("PILOTE_QUEUE_REDIS_URL", "")
if PILOTE_QUEUE_REDIS_URL:
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": PILOTE_QUEUE_REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Each worker says it is alive this often; one silent for PILOTE_WORKER_SILENCE_SECONDS is
# taken for dead and the tasks it was running go back to the queue.
PILOTE_WORKER_HEARTBEAT_SECONDS = float(os.environ.get("PILOTE_WORKER_HEARTBEAT_SECONDS", 5))
PILOTE_WORKER_SILENCE_SECONDS = float(os.environ.get("PILOTE_WORKER_SILENCE_SECONDS", 30))

# Cookies and headers; production adds secure cookies, HSTS and the proxy header.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}


def url_origin(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


# Signing out after an académie sign-in posts the form to Pilote, which redirects to the
# provider's end-session endpoint: the browser checks that redirect against form-action.
if PILOTE_OIDC_ENABLED and PILOTE_OIDC_END_SESSION_ENDPOINT:
    SECURE_CSP["form-action"].append(url_origin(PILOTE_OIDC_END_SESSION_ENDPOINT))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Pilote",
    "DESCRIPTION": "Le pilotage du numérique d'un établissement, en lecture par établissement.",
    "VERSION": "1",
    # One name per choice set shared by several fields (``check --deploy`` warns otherwise).
    "ENUM_NAME_OVERRIDES": {
        "ImpactEnum": "pilote.security.choices.Impact",
        "AuthenticationEnum": "pilote.catalogue.choices.Authentication",
        "CoverageEnum": "pilote.inventory.choices.Coverage",
    },
}

# Filter lists say « Tous » rather than a row of dashes.
FILTERS_EMPTY_CHOICE_LABEL = "Tous"
FILTERS_NULL_CHOICE_LABEL = "Non renseigné"

DJANGO_TABLES2_TEMPLATE = "core/table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "fr-table__table"}

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
SIMPLE_HISTORY_REVERT_DISABLED = True

# Days without a login after which an account counts as dormant (security risk).
PILOTE_DORMANT_DAYS = 90

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
