"""``pilote journal verifier``: prove that nobody rewrote the security journal."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pilote.core.journal import verify_chain


class Command(BaseCommand):
    help = "Journal de sécurité : « verifier » recalcule la chaîne d'empreintes."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verifier"])

    def handle(self, *args, **options):
        report = verify_chain()
        if report.intact:
            self.stdout.write(
                self.style.SUCCESS(f"Journal intègre : {report.checked} entrées vérifiées.")
            )
            self.stdout.write(
                f"Dernière empreinte : {report.head or '(journal vide)'} — conservez-la hors de "
                "Pilote pour pouvoir prouver plus tard qu'aucune entrée récente n'a disparu."
            )
            return
        entry = report.broken
        when = timezone.localtime(entry.timestamp).strftime("%d/%m/%Y %H:%M:%S")
        raise CommandError(
            f"Journal rompu à l'entrée n° {entry.pk} du {when} ({entry.summary}) : "
            f"{report.reason}. {report.checked} entrées précédentes sont intègres."
        )
