"""Sign-in with the académie's identity provider (OpenID Connect: ProConnect or the
académie's own), through mozilla-django-oidc.

- The agent is matched to an existing, active Pilote account by e-mail, whatever the case;
  the provider gives no role: the person has exactly the roles the head (or the académie's
  administrator) gave. No account is ever created: an unknown e-mail gets a French page saying
  whom to ask.
- ProConnect's scopes by default (``openid email given_name usual_name uid``); the ``acr`` of
  the ID token says how strongly the agent was authenticated: when it is one of
  ``PILOTE_OIDC_MFA_ACR``, the provider already asked for a second factor and Pilote does not
  ask for its own (:mod:`pilote.core.twofactor`).
- Signing out of Pilote also signs out of the provider (``end_session_endpoint`` with the
  ID token as hint), as ProConnect requires.

Everything is configured by environment variables (README « Connexion par l'académie »);
without ``PILOTE_OIDC_CLIENT_ID`` the pages answer 404 and the login page shows no button.
"""

import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .choices import JournalAction
from .journal import record
from .twofactor import mark_verified_by_provider

UNKNOWN_EMAIL_SESSION_KEY = "pilote_oidc_unknown_email"
ID_TOKEN_SESSION_KEY = "oidc_id_token"  # where mozilla-django-oidc keeps it (OIDC_STORE_ID_TOKEN)


class AcademieBackend(OIDCAuthenticationBackend):
    """The provider's claims → the one active account with that e-mail, or nobody."""

    def authenticate(self, request, **kwargs):
        if not settings.PILOTE_OIDC_ENABLED:
            return None
        return super().authenticate(request, **kwargs)

    def verify_claims(self, claims) -> bool:
        return bool((claims.get("email") or "").strip())

    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)

    def create_user(self, claims):  # never called: OIDC_CREATE_USER is False
        return None

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        email = (claims.get("email") or "").strip()
        users = list(self.filter_users_by_claims(claims)[:2]) if self.verify_claims(claims) else []
        session = self.request.session
        if len(users) != 1:
            session[UNKNOWN_EMAIL_SESSION_KEY] = email
            record(
                JournalAction.LOGIN_FAILED,
                f"Connexion par l'académie refusée : aucun compte Pilote pour « {email} »"
                if not users
                else f"Connexion par l'académie refusée : plusieurs comptes pour « {email} »",
                request=self.request,
                email=email,
                provider_uid=str(claims.get("uid", ""))[:100],
            )
            return None
        session.pop(UNKNOWN_EMAIL_SESSION_KEY, None)
        if payload.get("acr") in settings.PILOTE_OIDC_MFA_ACR:
            mark_verified_by_provider(self.request)
        return users[0]

    def get_userinfo(self, access_token, id_token, payload):
        # Fetched once per sign-in (get_or_create_user above reads it).
        if not hasattr(self, "_claims"):
            self._claims = super().get_userinfo(access_token, id_token, payload)
        return self._claims


def enabled_or_404() -> None:
    if not settings.PILOTE_OIDC_ENABLED:
        raise Http404("Connexion par l'académie non configurée.")


def start(request):
    """« Se connecter avec ProConnect »: off to the provider's authorization endpoint."""
    enabled_or_404()
    return OIDCAuthenticationRequestView.as_view()(request)


def callback(request):
    """Back from the provider with a code: the account is matched, or the refusal page."""
    enabled_or_404()
    return OIDCAuthenticationCallbackView.as_view()(request)


def refused(request):
    """The provider knew the person, Pilote does not: say whom to ask, in French."""
    enabled_or_404()
    email = request.session.get(UNKNOWN_EMAIL_SESSION_KEY, "")
    return render(
        request,
        "registration/oidc_refused.html",
        {"email": email, "provider": settings.PILOTE_OIDC_LABEL},
        status=403,
    )


class LogoutView(auth_views.LogoutView):
    """Django's sign-out; after an académie sign-in, the provider's sign-out too."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get(ID_TOKEN_SESSION_KEY)
        response = super().post(request, *args, **kwargs)
        endpoint = settings.PILOTE_OIDC_END_SESSION_ENDPOINT
        if id_token and endpoint and settings.PILOTE_OIDC_ENABLED:
            query = urlencode(
                {
                    "id_token_hint": id_token,
                    "state": secrets.token_urlsafe(16),
                    "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
                }
            )
            return HttpResponseRedirect(f"{endpoint}?{query}")
        return response
