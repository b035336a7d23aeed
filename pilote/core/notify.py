"""E-mails to the next person who has to act (workflow steps, reminders)."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string


def send_notification(
    recipients: Iterable[str],
    subject: str,
    template_name: str,
    context: dict,
    *,
    attachments: Iterable[tuple[str, bytes, str]] = (),
) -> int:
    """Send one plain-text e-mail to every address given; returns how many were sent."""
    addresses = sorted({address for address in recipients if address})
    if not addresses:
        return 0
    body = render_to_string(template_name, context)
    message = EmailMessage(
        subject=f"[Pilote] {subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=addresses,
    )
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message.send()


def emails_of_role(school, roles: Iterable[str]) -> list[str]:
    """Addresses of the people holding one of ``roles`` for ``school`` (school or territory)."""
    from .models import Membership

    return list(
        Membership.objects.active()
        .reaching(school)
        .filter(role__in=list(roles), user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
        .distinct()
    )
