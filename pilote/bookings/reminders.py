"""Reminders for overdue loans: a daily job (``pilote quotidien``) and ``pilote rappels_prets``."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from pilote.core.notify import send_notification

from .models import Loan


@dataclass
class ReminderReport:
    sent: int = 0
    without_address: int = 0
    lines: list[str] = field(default_factory=list)


def loans_to_remind(today, interval_days: int, uai: str | None = None):
    """Overdue loans not reminded in the last ``interval_days`` days."""
    loans = Loan.objects.overdue(today).filter(
        Q(last_reminder_on__isnull=True)
        | Q(last_reminder_on__lte=today - timedelta(days=interval_days))
    )
    if uai:
        loans = loans.filter(school__uai=uai)
    return loans.select_related("school", "equipment").order_by("school__name", "due_on")


def send_loan_reminders(*, uai=None, interval_days: int = 7, dry_run: bool = False):
    today = timezone.localdate()
    report = ReminderReport()
    for loan in loans_to_remind(today, interval_days, uai):
        if not loan.contact_email:
            report.without_address += 1
            report.lines.append(f"{loan.school.uai} · {loan} : pas d'adresse de courriel")
            continue
        report.lines.append(f"{loan.school.uai} · {loan} : rappel à {loan.contact_email}")
        if dry_run:
            report.sent += 1
            continue
        report.sent += send_notification(
            [loan.contact_email],
            f"Équipement à rendre : {loan.equipment}",
            "bookings/email/loan_reminder.txt",
            {"loan": loan},
            school=loan.school,
        )
        loan.last_reminder_on = today
        loan.reminder_count += 1
        loan.save(update_fields=["last_reminder_on", "reminder_count"])
    return report
