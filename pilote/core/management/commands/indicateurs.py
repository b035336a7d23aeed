"""``pilote indicateurs --school UAI``: every registered indicator of a school."""

import json

from django.core.management.base import BaseCommand, CommandError

from pilote.core.metrics import registry
from pilote.core.models import School
from pilote.core.templatetags.pilote import measure_value


class Command(BaseCommand):
    help = "Affiche les indicateurs d'un établissement (texte ou JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="UAI de l'établissement")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        school = School.objects.filter(uai=options["school"].strip().upper()).first()
        if school is None:
            raise CommandError(f"Établissement inconnu : {options['school']}")
        measures = registry.measure_school(school)
        if options["format"] == "json":
            self.stdout.write(json.dumps([m.as_json() for m in measures], ensure_ascii=False))
            return
        self.stdout.write(f"{school.name} ({school.uai})")
        for measure in measures:
            self.stdout.write(
                f"  {measure.indicator.code:<38} {measure_value(measure):>14}  "
                f"{measure.status.label:<13} {measure.indicator.label}"
            )
