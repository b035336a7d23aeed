"""``pilote quotidien``: the daily jobs of every module, for cron or a systemd timer."""

from django.core.management.base import BaseCommand, CommandError

from pilote.core.daily import daily_jobs, run_daily_jobs
from pilote.core.metrics import french_number


class Command(BaseCommand):
    help = "Exécute les travaux quotidiens de tous les modules (à programmer une fois par jour)."

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="Seulement ces travaux (codes).")
        parser.add_argument(
            "--liste", action="store_true", help="Liste les travaux, sans rien exécuter."
        )

    def handle(self, *args, codes, liste, **options):
        known = {job.code for job in daily_jobs()}
        unknown = sorted(set(codes) - known)
        if unknown:
            raise CommandError(
                f"Travail quotidien inconnu : {', '.join(unknown)}. "
                f"Connus : {', '.join(sorted(known))}."
            )
        if liste:
            for job in daily_jobs():
                self.stdout.write(f"{job.code:<28} {job.label}")
            return
        outcomes = run_daily_jobs(codes)
        for outcome in outcomes:
            style = self.style.SUCCESS if outcome.ok else self.style.ERROR
            took = french_number(outcome.seconds, decimals=1)
            self.stdout.write(style(f"{outcome.job.label} ({took} s) : {outcome.summary}"))
        failed = [outcome.job.code for outcome in outcomes if not outcome.ok]
        if failed:
            raise CommandError(f"Travaux quotidiens en échec : {', '.join(failed)}.")
