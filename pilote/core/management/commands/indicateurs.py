"""``pilote indicateurs --school UAI [--at YYYY-MM-DD]``: every indicator of a school."""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from pilote.core.metrics import format_change, format_value, registry
from pilote.core.models import School


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Date invalide : « {text} » (attendu AAAA-MM-JJ).") from None


class Command(BaseCommand):
    help = (
        "Affiche les indicateurs d'un établissement (texte ou JSON) : valeur, statut, ce qui "
        "en décide (cible de l'établissement ou seuil), évolution sur 30 jours ; avec --at, "
        "les valeurs relevées ce jour-là."
    )

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="UAI de l'établissement")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--at", help="date du relevé à lire (AAAA-MM-JJ)")

    def handle(self, *args, **options):
        school = School.objects.filter(uai=options["school"].strip().upper()).first()
        if school is None:
            raise CommandError(f"Établissement inconnu : {options['school']}")
        at = iso_date(options["at"]) if options["at"] else None
        if at is not None and at > date.today():
            raise CommandError(f"La date {at:%d/%m/%Y} est dans le futur : rien n'a été relevé.")
        measures = registry.measure_school(school, at=at, trends=True)
        if options["format"] == "json":
            self.stdout.write(json.dumps([m.as_json() for m in measures], ensure_ascii=False))
            return
        title = f"{school.name} ({school.uai})"
        self.stdout.write(title + (f" — valeurs relevées le {at:%d/%m/%Y}" if at else ""))
        for measure in measures:
            unit = measure.indicator.unit
            self.stdout.write(
                f"  {measure.indicator.code:<38} {format_value(measure.value, unit):>14}  "
                f"{format_change(measure.trend, unit):>10}  "
                f"{measure.status.label:<13} {measure.indicator.label}"
            )
