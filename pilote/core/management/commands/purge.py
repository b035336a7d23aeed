"""``pilote purge [--dry-run]``: erase what is past its retention period (to run daily)."""

from django.core.management.base import BaseCommand

from pilote.core.retention import purges, run_purges


class Command(BaseCommand):
    help = "Efface les données dont la durée de conservation est échue (RGPD)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Compte sans rien effacer.")

    def handle(self, *args, dry_run=False, **options):
        counts = run_purges(dry_run=dry_run)
        verb = "à effacer" if dry_run else "effacées"
        for purge in purges():
            self.stdout.write(f"{purge.label} ({purge.retention}) : {counts[purge.code]} {verb}")
        if not dry_run:
            total = sum(counts.values())
            self.stdout.write(
                self.style.SUCCESS(
                    f"Purge terminée : {total} ligne(s) effacée(s)"
                    + (", inscrite au journal." if total else ", rien n'était échu.")
                )
            )
