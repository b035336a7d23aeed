"""E-mails to the next person who has to act (workflow steps, reminders), through an outbox.

:func:`send_notification` writes the message in the database, in the same transaction as the
action that causes it, and queues its sending for after the commit. The action never waits for
the mail server and never fails because of it: if the server is slow, down or refuses, the
task :func:`deliver_message` notes the failure and the worker tries again later with growing
delays (``PILOTE_MAIL_RETRY_DELAYS``, :func:`queue_due_messages`); after the last one the
message waits on the « Courriels » page of the school, where the head sends it again. A
rolled-back action sends nothing.
"""

import logging
import smtplib
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

from .tasks import enqueue_after_commit

logger = logging.getLogger(__name__)


def send_notification(
    recipients: Iterable[str],
    subject: str,
    template_name: str,
    context: dict,
    *,
    attachments: Iterable[tuple[str, bytes, str]] = (),
    school=None,
) -> int:
    """Queue one plain-text e-mail to every address given; returns how many addresses.

    ``school`` (the school the message is about) puts the message on that school's
    « Courriels » page; it defaults to ``context["school"]`` when there is one.
    """
    from .models import OutboxAttachment, OutboxMessage

    addresses = sorted({address for address in recipients if address})
    if not addresses:
        return 0
    if school is None:
        school = context.get("school")
    now = timezone.now()
    with transaction.atomic():
        message = OutboxMessage.objects.create(
            next_attempt_at=now,
            queued_at=now,
            school=school if getattr(school, "pk", None) else None,
            recipients=addresses,
            subject=f"[Pilote] {subject}"[:300],
            body=render_to_string(template_name, context),
        )
        OutboxAttachment.objects.bulk_create(
            OutboxAttachment(message=message, filename=name, content=content, mimetype=mimetype)
            for name, content, mimetype in attachments
        )
    enqueue_after_commit(deliver_message, message.pk)
    return len(addresses)


def retry_delays() -> list[int]:
    return list(settings.PILOTE_MAIL_RETRY_DELAYS)


def claim(message_id: int, claimant: str):
    """Take the message for sending, or ``None`` if it is sent, failed, not due or taken.

    One conditional UPDATE: of two tasks given the same message, one only gets it. The same
    task run again (its worker was killed and the task given back to the queue) takes it back
    at once instead of waiting for the end of its own lease."""
    from .models import OutboxMessage, OutboxStatus

    now = timezone.now()
    lease = now + timedelta(seconds=3 * settings.PILOTE_SMTP_TIMEOUT + 30)
    taken = (
        OutboxMessage.objects.filter(
            pk=message_id, status=OutboxStatus.PENDING, next_attempt_at__lte=now
        )
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now) | Q(claimed_by=claimant))
        .update(claimed_by=claimant, claimed_until=lease)
    )
    return OutboxMessage.objects.filter(pk=message_id).first() if taken else None


def as_email(message) -> EmailMessage:
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=message.recipients,
    )
    for attachment in message.files.all():
        email.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    return email


@task(takes_context=True)
def deliver_message(context, message_id: int) -> str:
    """Send one outbox message (idempotent: a sent message is never sent again)."""
    from .models import OutboxMessage, OutboxStatus

    message = claim(message_id, str(context.task_result.id)[:64])
    if message is None:
        return "skipped"
    try:
        as_email(message).send()
    except (smtplib.SMTPException, OSError) as exc:
        return record_failure(message, exc)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENT, sent_at=timezone.now(), claimed_until=None, last_error=""
    )
    return "sent"


def record_failure(message, exc: Exception) -> str:
    """Plan the next attempt, or give up after the last delay (the head sees it)."""
    from .models import OutboxMessage, OutboxStatus

    delays = retry_delays()
    attempts = message.attempts + 1
    error = f"{type(exc).__name__} : {exc}"[:2000]
    logger.warning("Courriel %s non envoyé (tentative %d) : %s", message.pk, attempts, error)
    if attempts > len(delays):
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=OutboxStatus.FAILED, attempts=attempts, last_error=error, claimed_until=None
        )
        return "failed"
    OutboxMessage.objects.filter(pk=message.pk).update(
        attempts=attempts,
        last_error=error,
        next_attempt_at=timezone.now() + timedelta(seconds=delays[attempts - 1]),
        claimed_until=None,
    )
    return "retry"


def resend(message) -> None:
    """Put a failed message back in the queue, from its first delay (the head asked)."""
    from .models import OutboxMessage, OutboxStatus

    now = timezone.now()
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.PENDING, attempts=0, next_attempt_at=now, queued_at=now
    )
    enqueue_after_commit(deliver_message, message.pk)


def queue_due_messages() -> int:
    """Queue a task for each message that is due and has none; returns how many.

    The worker calls this every few seconds. It sends the retries when their time comes (a
    failure only sets ``next_attempt_at``, so any queue will do, even one that cannot defer a
    task), and the messages whose task was lost: refused by the queue after the commit (Redis
    down), or dropped with a killed worker by RQ. ``queued_at`` says when a task was last
    queued: a message queued after it became due waits for its task, unless that was more than
    ``PILOTE_MAIL_SWEEP_SECONDS`` ago (were it then queued twice, it would still go once)."""
    from .models import OutboxMessage, OutboxStatus

    now = timezone.now()
    due = list(
        OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
        .filter(
            Q(queued_at__lt=F("next_attempt_at"))
            | Q(queued_at__lt=now - timedelta(seconds=settings.PILOTE_MAIL_SWEEP_SECONDS))
        )
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .values_list("pk", flat=True)[:1000]
    )
    for message_id in due:
        OutboxMessage.objects.filter(pk=message_id).update(queued_at=now)
        deliver_message.enqueue(message_id)
    return len(due)


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
