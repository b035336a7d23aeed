"""``pilote releve [--school UAI]``: record today's value of every indicator (for cron)."""

from django.core.management.base import BaseCommand, CommandError

from pilote.core.models import School
from pilote.pilotage.history import record


class Command(BaseCommand):
    help = (
        "Relève la valeur du jour de tous les indicateurs (tous les établissements, ou un "
        "seul avec --school). Sans effet si le relevé du jour est déjà fait."
    )

    def add_arguments(self, parser):
        parser.add_argument("--school", help="UAI d'un seul établissement")

    def handle(self, *args, **options):
        schools = School.objects.order_by("pk")
        if options["school"]:
            schools = schools.filter(uai=options["school"].strip().upper())
            if not schools.exists():
                raise CommandError(f"Établissement inconnu : {options['school']}")
        report = record(schools)
        self.stdout.write(str(report))
