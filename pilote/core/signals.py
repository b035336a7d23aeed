"""What Django signals for us: logins, failed logins, logouts (journal), saved rows (indicator
cache), the end of `migrate` (the cache table)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.management import call_command
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from .choices import JournalAction
from .journal import record, record_for_account
from .metrics import registry
from .modules import PiloteModule
from .sessions import close_session, open_session


@receiver(user_logged_in)
def journal_login(sender, request, user, **kwargs):
    record(JournalAction.LOGIN, f"Connexion de {user}", request=request, user=user)
    if request is not None and hasattr(request, "session"):
        open_session(request, user)


@receiver(user_logged_out)
def journal_logout(sender, request, user, **kwargs):
    if user is not None:
        record(JournalAction.LOGOUT, f"Déconnexion de {user}", request=request, user=user)
    if request is not None and hasattr(request, "session"):
        close_session(request.session.session_key)


@receiver(user_login_failed)
def journal_login_failed(sender, credentials, request=None, **kwargs):
    """A failure on a known account is written in its schools' journals: the head and the
    RSSI see someone trying their people's passwords."""
    from .auth import find_account

    username = str(credentials.get("username", ""))[:150]
    summary = f"Échec de connexion pour « {username} »"
    account = find_account(username)
    if account is None:
        record(JournalAction.LOGIN_FAILED, summary, request=request, username=username)
    else:
        record_for_account(
            JournalAction.LOGIN_FAILED,
            f"{summary} (compte de {account})",
            request=request,
            account=account,
            username=username,
        )


@receiver(post_save)
@receiver(post_delete)
def forget_school_indicators(sender, instance, **kwargs):
    """A row of a school changed: its cached indicator values are stale."""
    school_id = getattr(instance, "school_id", None)
    if school_id is not None:
        registry.forget(school_id)


@receiver(post_migrate)
def create_cache_table(sender, using="default", **kwargs):
    """``migrate`` also creates the table of the shared cache (when the cache is the database),
    so a deployment has no extra step to forget."""
    if sender.name == "pilote.core":
        call_command("createcachetable", database=using, verbosity=0)


@receiver(post_migrate)
def sync_module_referentials(sender, **kwargs):
    """After ``migrate`` (or a flush), each module's referential tables are up to date."""
    if isinstance(sender, PiloteModule):
        sender.sync_referentials()
