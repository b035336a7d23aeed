"""Indicators of the foundation: who has an account, and which accounts sleep."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from .choices import Role
from .metrics import count_by, declared, per_school, register
from .models import Membership


def _school_memberships(schools):
    return Membership.objects.active().filter(school__in=schools, user__is_active=True)


def _dormant_since():
    return timezone.now() - timedelta(days=settings.PILOTE_DORMANT_DAYS)


def dormant_q(prefix: str = "user__") -> Q:
    """Accounts without a login for ``PILOTE_DORMANT_DAYS`` days, or never: the one definition
    of a dormant account, shared by this indicator and the security access review."""
    since = _dormant_since()
    return Q(**{f"{prefix}last_login__isnull": True}) | Q(**{f"{prefix}last_login__lt": since})


def accounts_by_role(school) -> list[tuple[str, int]]:
    by_role = count_by(_school_memberships([school]), "role", "user", distinct=True)
    return [(Role(role).label, total) for role, total in sorted(by_role)]


def dormant_accounts(school) -> list[tuple[str, str]]:
    rows = (
        _school_memberships([school])
        .filter(dormant_q())
        .select_related("user")
        .order_by("user__last_name")
    )
    return [
        (
            f"{m.user} ({m.get_role_display()})",
            f"{timezone.localtime(m.user.last_login):%d/%m/%Y}"
            if m.user.last_login
            else "jamais connecté",
        )
        for m in rows
    ]


INDICATORS = declared(
    "core", {"comptes.actifs": accounts_by_role, "comptes.dormants": dormant_accounts}
)


@register(*INDICATORS.values())
def account_indicators(schools):
    rows = per_school(
        _school_memberships(schools),
        active=Count("user", distinct=True),
        dormant=Count("user", distinct=True, filter=dormant_q()),
    )
    return {
        school.pk: {
            "comptes.actifs": rows.get(school.pk, {}).get("active", 0),
            "comptes.dormants": rows.get(school.pk, {}).get("dormant", 0),
        }
        for school in schools
    }
