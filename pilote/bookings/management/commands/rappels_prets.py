"""``pilote rappels_prets``: e-mail a reminder for every overdue loan (for a scheduler).

Run it once a day (cron, systemd timer). A borrower gets at most one reminder every
``--intervalle`` days (7 by default), so a daily run does not flood anyone; ``--dry-run``
lists what would be sent.
"""

from django.core.management.base import BaseCommand

from pilote.bookings.reminders import send_loan_reminders


class Command(BaseCommand):
    help = "Envoie un rappel par courriel pour chaque prêt en retard."

    def add_arguments(self, parser):
        parser.add_argument("--school", help="UAI d'un seul établissement.")
        parser.add_argument(
            "--intervalle", type=int, default=7, help="Jours minimum entre deux rappels."
        )
        parser.add_argument("--dry-run", action="store_true", help="N'envoie rien, liste.")

    def handle(self, *args, **options):
        report = send_loan_reminders(
            uai=options["school"], interval_days=options["intervalle"], dry_run=options["dry_run"]
        )
        for line in report.lines:
            self.stdout.write(f"  {line}")
        verb = "à envoyer" if options["dry_run"] else "envoyé(s)"
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.sent} rappel(s) {verb} ; {report.without_address} prêt(s) en retard "
                "sans adresse de courriel."
            )
        )
