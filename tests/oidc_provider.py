"""A real OpenID Connect provider for the tests of the académie sign-in (tests/core/test_oidc.py).

django-oauth-toolkit with OpenID Connect, in a process of its own on 127.0.0.1, with its own
SQLite database, RSA signing key, login page and cookie names (cookies ignore ports: the
provider's must not overwrite Pilote's). It plays ProConnect: the ``openid email given_name
usual_name uid`` scopes and an ``acr`` claim — ``eidas2`` (a second factor was used) for the
agents whose username ends in ``-2fa``, ``eidas1`` otherwise. RP-initiated logout is on.

Run: ``python tests/oidc_provider.py PORT WORKDIR REDIRECT_URI POST_LOGOUT_URI AGENTS_JSON``
where AGENTS_JSON is ``[["username", "password", "e-mail"], …]``; it prints ``ready`` once
it serves.
"""

import json
import sys
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import django
from django.conf import settings
from django.urls import include, path

CLIENT_ID = "pilote-tests"
CLIENT_SECRET = "secret-du-client-pilote-pour-les-tests"
LOGIN_PAGE = """<!doctype html><html lang="fr"><head><title>Fournisseur d'identité</title></head>
<body><h1>Fournisseur d'identité de test</h1>
<form method="post">{% csrf_token %}
<label for="id_username">Identifiant</label><input id="id_username" name="username">
<label for="id_password">Mot de passe</label>
<input id="id_password" name="password" type="password">
<input type="hidden" name="next" value="{{ next }}">
<button type="submit">Valider</button></form></body></html>"""

urlpatterns = []


def rsa_key_pem() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def configure(workdir: Path) -> None:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="fournisseur-oidc-de-test",
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        INSTALLED_APPS=[
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "oauth2_provider",
        ],
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
        ],
        DATABASES={
            "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": workdir / "op.sqlite3"}
        },
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "OPTIONS": {
                    "loaders": [
                        (
                            "django.template.loaders.locmem.Loader",
                            {"registration/login.html": LOGIN_PAGE},
                        ),
                        "django.template.loaders.app_directories.Loader",
                    ],
                    "context_processors": ["django.template.context_processors.request"],
                },
            }
        ],
        SESSION_COOKIE_NAME="op_session",
        CSRF_COOKIE_NAME="op_csrftoken",
        LOGIN_URL="/login/",
        USE_TZ=True,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
        OAUTH2_PROVIDER={
            "OIDC_ENABLED": True,
            "OIDC_RSA_PRIVATE_KEY": rsa_key_pem(),
            "PKCE_REQUIRED": False,
            "SCOPES": {
                "openid": "OpenID Connect",
                "email": "Adresse électronique",
                "given_name": "Prénom",
                "usual_name": "Nom d'usage",
                "uid": "Identifiant",
            },
            "OAUTH2_VALIDATOR_CLASS": "oidc_provider_validator.ProConnectLikeValidator",
            "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
            "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
        },
    )


def define_validator() -> None:
    """The validator lives in a module of its own name so that DOT can import it by path."""
    import types

    from oauth2_provider.oauth2_validators import OAuth2Validator

    class ProConnectLikeValidator(OAuth2Validator):
        oidc_claim_scope = None  # every claim below in the ID token and in userinfo

        def get_additional_claims(self, request):
            user = request.user
            return {
                "email": user.email,
                "given_name": user.first_name,
                "usual_name": user.last_name,
                "uid": str(user.pk),
                "acr": "eidas2" if user.username.endswith("-2fa") else "eidas1",
            }

    module = types.ModuleType("oidc_provider_validator")
    module.ProConnectLikeValidator = ProConnectLikeValidator
    sys.modules["oidc_provider_validator"] = module


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def main() -> None:
    port, workdir, redirect_uri, logout_uri, agents = sys.argv[1:6]
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    configure(workdir)
    django.setup()
    define_validator()
    from django.contrib.auth import views as auth_views

    urlpatterns.extend(
        [
            path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
            path("login/", auth_views.LoginView.as_view()),
        ]
    )
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    for username, password, email in json.loads(agents):
        first, _, last = username.partition(".")
        User.objects.create_user(
            username, email=email, password=password, first_name=first, last_name=last
        )
    Application.objects.create(
        name="Pilote",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect_uri,
        post_logout_redirect_uris=logout_uri,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    server = make_server(
        "127.0.0.1",
        int(port),
        get_wsgi_application(),
        server_class=ThreadingServer,
        handler_class=QuietHandler,
    )
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
