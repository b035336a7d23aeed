"""Mail outbox: 1,000 queued e-mails drained by one ``pilote worker`` into a real SMTP server.

The messages are written as the application writes them (``send_notification`` in one
transaction, one task each queued after the commit); one worker (``--batch``: it stops when
the queue is empty) sends them by SMTP to an aiosmtpd server on 127.0.0.1. Prints the wall
time and the rate, and checks that every message arrived exactly once.

    uv run python benchmarks/core_outbox.py [--messages 1000]
"""

import argparse
import os
import subprocess
import sys
import time

from harness import ROOT, setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=1000)
    args = parser.parse_args()
    setup("outbox")
    sys.path.insert(0, str(ROOT))
    from django.db import connection, transaction

    from pilote.core.models import OutboxMessage, OutboxStatus
    from pilote.core.notify import send_notification
    from tests.mailservers import smtp_server

    started = time.perf_counter()
    with transaction.atomic():
        for number in range(args.messages):
            send_notification(
                [f"personne{number}@example.fr"],
                f"Message {number}",
                "core/email/invitation.txt",
                {"user": {"first_name": "Zoé", "username": "zoe"}, "link": "https://x/"},
            )
    queued = time.perf_counter() - started

    with smtp_server() as (port, collector):
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "pilote.settings.production",
            "PILOTE_SMTP_HOST": "127.0.0.1",
            "PILOTE_SMTP_PORT": str(port),
            "DATABASE_URL": os.environ["DATABASE_URL"],
        }
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "pilote.cli", "worker", "--batch", "--interval", "0", "-v", "0"],
            cwd=ROOT,
            env=environment,
            check=True,
        )
        drained = time.perf_counter() - started
    connection.close()
    sent = OutboxMessage.objects.filter(status=OutboxStatus.SENT).count()
    recipients = [address for envelope in collector.messages for address in envelope.rcpt_tos]
    assert sent == args.messages, f"{sent} envoyés sur {args.messages}"
    assert len(recipients) == len(set(recipients)) == args.messages, "doublons ou pertes"
    print(f"Base : {connection.vendor}")
    print(f"{args.messages} courriels écrits et mis en file : {queued:.1f} s")
    print(
        f"Vidés par un processus : {drained:.1f} s, soit {args.messages / drained:.0f} courriels/s"
        " (démarrage du processus compris), chacun reçu une fois"
    )


if __name__ == "__main__":
    main()
