"""Logging in: with a username or an e-mail, whatever the case, limited per account and per
address; asking for a new password, limited too, including for invited people whose link
expired. Every step goes to the journal.

One identifier per account: ``lock12``, ``LOCK12`` and ``lock12@example.org`` are the same
person, so django-axes counts their failures together (:func:`axes_username`).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q, Sum
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone

from .choices import JournalAction
from .forms import OutboxPasswordResetForm
from .journal import record, record_for_account
from .models import JournalEntry, Membership
from .network import client_ip


def find_account(identifier: str):
    """The one account whose username or e-mail is ``identifier`` (any case), else None
    (unknown, or an e-mail shared by two accounts)."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    users = list(
        get_user_model().objects.filter(
            Q(username__iexact=identifier) | Q(email__iexact=identifier)
        )[:2]
    )
    return users[0] if len(users) == 1 else None


def canonical_identifier(identifier: str) -> str:
    account = find_account(identifier)
    if account is not None:
        return account.username.lower()
    return (identifier or "").strip().lower()[:150]


def axes_username(request, credentials=None) -> str:
    """django-axes' hook (``AXES_USERNAME_CALLABLE``): one counter per account."""
    identifier = (credentials or {}).get("username")
    if identifier is None and request is not None:
        identifier = request.POST.get(settings.AXES_USERNAME_FORM_FIELD, "")
    return canonical_identifier(identifier)


class UsernameOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = find_account(username)
        if user is None:
            # Unknown, or an e-mail shared by two accounts: run the hasher anyway so that
            # timing does not tell which usernames exist.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def failures_from_address(ip: str | None) -> int:
    """Failed logins from ``ip`` over every account during the cool-off period (axes'
    own counters, kept in the database so that every server process sees them)."""
    from axes.models import AccessAttempt

    if not ip:
        return 0
    since = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
    attempts = AccessAttempt.objects.filter(ip_address=ip, attempt_time__gte=since)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def address_locked_out(request) -> bool:
    return failures_from_address(client_ip(request)) >= settings.PILOTE_LOGIN_FAILURES_PER_ADDRESS


class LoginView(auth_views.LoginView):
    """Django's login, refused for an hour to an address that failed on many accounts; with
    the button of the académie's identity provider when one is configured."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["oidc_label"] = settings.PILOTE_OIDC_LABEL if settings.PILOTE_OIDC_ENABLED else ""
        return context

    def post(self, request, *args, **kwargs):
        if address_locked_out(request):
            record(
                JournalAction.LOGIN_FAILED,
                "Connexion refusée : trop d'échecs depuis cette adresse",
                request=request,
                username=str(request.POST.get("username", ""))[:150],
            )
            return render(request, "registration/lockout.html", {"per_address": True}, status=429)
        return super().post(request, *args, **kwargs)


class InvitationAwareResetForm(OutboxPasswordResetForm):
    """Django sends no link to an account without a usable password; in Pilote that is a
    person invited by the head who has not chosen one yet — and whose invitation may have
    expired. A member (active role) gets a link; anyone else gets nothing, silently. The
    link leaves through the outbox (core.forms.OutboxPasswordResetForm)."""

    def get_users(self, email):
        account = find_account(email)
        if account is None or not account.is_active or account.email.lower() != email.lower():
            return []
        if not account.has_usable_password() and not (
            Membership.objects.active().filter(user=account).exists()
        ):
            return []
        return [account]


def reset_requests(**criteria) -> int:
    since = timezone.now() - timedelta(hours=1)
    return JournalEntry.objects.filter(
        action=JournalAction.PASSWORD_RESET_REQUESTED, timestamp__gte=since, **criteria
    ).count()


class PasswordResetView(auth_views.PasswordResetView):
    """At most a few links an hour per address typed and per client address: ten requests
    used to send ten e-mails. Each request is journaled (it is also the counter)."""

    form_class = InvitationAwareResetForm

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        ip = client_ip(self.request)
        if (
            reset_requests(details__email=email) >= settings.PILOTE_PASSWORD_RESETS_PER_EMAIL
            or reset_requests(ip_address=ip) >= settings.PILOTE_PASSWORD_RESETS_PER_ADDRESS
        ):
            return render(self.request, "registration/password_reset_limited.html", status=429)
        account = find_account(email)
        record(
            JournalAction.PASSWORD_RESET_REQUESTED,
            f"Demande de nouveau mot de passe pour « {email} »",
            request=self.request,
            email=email,
            account=account.pk if account else None,
        )
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        record_for_account(
            JournalAction.PASSWORD_CHANGED,
            f"{form.user} a choisi un nouveau mot de passe (lien reçu par courriel)",
            request=self.request,
            account=form.user,
        )
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """From « Mon compte »; the session stays open (Django updates its hash), others close."""

    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("core:account")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Votre mot de passe est changé.")
        record_for_account(
            JournalAction.PASSWORD_CHANGED,
            f"{form.user} a changé son mot de passe",
            request=self.request,
            account=form.user,
        )
        return response
