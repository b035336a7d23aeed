"""Security events that Django signals for us: logins, failed logins, logouts."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .choices import JournalAction
from .journal import record


@receiver(user_logged_in)
def journal_login(sender, request, user, **kwargs):
    record(JournalAction.LOGIN, f"Connexion de {user}", request=request, user=user)


@receiver(user_logged_out)
def journal_logout(sender, request, user, **kwargs):
    if user is not None:
        record(JournalAction.LOGOUT, f"Déconnexion de {user}", request=request, user=user)


@receiver(user_login_failed)
def journal_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    record(
        JournalAction.LOGIN_FAILED,
        f"Échec de connexion pour « {username} »",
        request=request,
        username=username,
    )
