"""Réservations' daily job: remind borrowers of overdue loans."""

from pilote.core.daily import register_daily

from .reminders import send_loan_reminders


@register_daily("prets.rappels", "Rappels des prêts en retard")
def remind_overdue_loans() -> str:
    """At most one reminder a week per loan, so a second run the same day sends nothing."""
    report = send_loan_reminders(interval_days=7)
    return (
        f"{report.sent} rappel(s) envoyé(s), {report.without_address} prêt(s) en retard sans "
        "adresse de courriel"
    )
