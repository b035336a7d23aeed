"""The mail outbox: written with the action, sent after the commit, retried, never lost."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from pilote.core.choices import JournalAction
from pilote.core.models import JournalEntry, OutboxMessage, OutboxStatus
from pilote.core.notify import deliver_message, queue_due_messages, send_notification
from tests.mailservers import refusing_smtp_port


def notify(world, **kwargs):
    return send_notification(
        ["b@example.fr", "a@example.fr", "a@example.fr", ""],
        "Essai",
        "core/email/invitation.txt",
        {"school": world.college, "user": world["cpe.college"], "link": "https://x/"},
        **kwargs,
    )


def test_a_message_is_written_then_sent_after_the_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(world, attachments=[("rapport.pdf", b"%PDF-1.7", "application/pdf")]) == 2
        message = OutboxMessage.objects.get()
        assert message.status == OutboxStatus.PENDING and not mail.outbox
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and message.sent_at is not None
    assert message.school == world.college
    (sent,) = mail.outbox
    assert sent.to == ["a@example.fr", "b@example.fr"] and sent.subject == "[Pilote] Essai"
    assert sent.attachments[0].filename == "rapport.pdf"


def test_a_rolled_back_action_sends_nothing(world, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(world)
        raise RuntimeError("l'action échoue")
    assert not OutboxMessage.objects.exists() and not mail.outbox


def test_a_sent_message_is_never_sent_again(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(world)
    message = OutboxMessage.objects.get()
    assert deliver_message.enqueue(message.pk).return_value == "skipped"
    assert len(mail.outbox) == 1


def test_a_refusing_server_is_retried_with_growing_delays_then_shown_as_failed(
    world, settings, django_capture_on_commit_callbacks
):
    settings.PILOTE_MAIL_RETRY_DELAYS = [60, 600]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": refusing_smtp_port(), "timeout": 1},
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        notify(world)
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.PENDING and message.attempts == 1
    assert "Connection refused" in message.last_error or "Errno" in message.last_error
    first_delay = message.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < first_delay <= timedelta(seconds=60)
    assert queue_due_messages() == 0, "pas avant l'heure"

    for expected_attempts, delay in ((2, 60), (3, 600)):
        let_time_pass(delay)
        assert queue_due_messages() == 1
        message.refresh_from_db()
        assert message.attempts == expected_attempts
    assert message.status == OutboxStatus.FAILED
    assert queue_due_messages() == 0


def let_time_pass(seconds: int) -> None:
    shift = timedelta(seconds=seconds)
    OutboxMessage.objects.update(
        next_attempt_at=F("next_attempt_at") - shift, queued_at=F("queued_at") - shift
    )


def failed_message(world):
    return OutboxMessage.objects.create(
        school=world.college,
        recipients=["x@example.fr"],
        subject="[Pilote] Rappel",
        body="Texte",
        status=OutboxStatus.FAILED,
        attempts=6,
        last_error="SMTPServerDisconnected : Connection unexpectedly closed",
    )


def test_the_head_sees_failed_messages_and_sends_them_again(
    client, world, django_capture_on_commit_callbacks
):
    message = failed_message(world)
    other = failed_message(world)
    other.school = world.lycee
    other.subject = "Autre établissement"
    other.save()
    client.force_login(world["chef.college"])
    url = reverse("core:outbox", args=[world.college.uai])
    page = client.get(url).content.decode()
    assert "[Pilote] Rappel" in page and "Connection unexpectedly closed" in page
    assert "Autre établissement" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:outbox_resend", args=[world.college.uai, message.pk]))
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and mail.outbox[0].to == ["x@example.fr"]
    assert JournalEntry.objects.filter(action=JournalAction.MAIL_RESENT).count() == 1


def test_only_the_head_may_see_or_resend_and_only_in_their_school(client, world):
    message = failed_message(world)
    client.force_login(world["adjoint.college"])
    assert client.get(reverse("core:outbox", args=[world.college.uai])).status_code == 403
    response = client.post(reverse("core:outbox_resend", args=[world.college.uai, message.pk]))
    assert response.status_code == 403
    client.force_login(world["chef.lycee"])
    response = client.post(reverse("core:outbox_resend", args=[world.lycee.uai, message.pk]))
    assert response.status_code == 404
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED and message.attempts == 6
