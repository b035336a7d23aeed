"""``pilote bilan --school UAI --annee 2025-2026 --output FILE.pdf`` (``.docx`` by extension)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pilote.core.models import School
from pilote.pilotage.bilan.documents import build
from pilote.pilotage.bilan.facts import BilanRefused, build_bilan, check_history, parse_year

EXTENSIONS = {".pdf": "pdf", ".docx": "docx"}


class Command(BaseCommand):
    help = (
        "Écrit le bilan annuel du numérique d'un établissement pour une année scolaire, "
        "en PDF (avec les graphiques) ou en DOCX selon l'extension du fichier demandé."
    )

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="UAI de l'établissement")
        parser.add_argument("--annee", required=True, help="année scolaire, par exemple 2025-2026")
        parser.add_argument("--output", required=True, help="fichier à écrire (.pdf ou .docx)")

    def handle(self, *args, **options):
        school = (
            School.objects.select_related("academie")
            .filter(uai=options["school"].strip().upper())
            .first()
        )
        if school is None:
            raise CommandError(f"Établissement inconnu : {options['school']}")
        output = Path(options["output"])
        extension = EXTENSIONS.get(output.suffix.lower())
        if extension is None:
            raise CommandError(
                f"Extension non prise en charge : « {output.suffix or output.name} » "
                "(attendu .pdf ou .docx)."
            )
        try:
            year = parse_year(options["annee"])
            check_history(school, year)
            bilan = build_bilan(school, year)
        except BilanRefused as exc:
            raise CommandError(str(exc)) from None
        content = build(bilan, extension)
        try:
            output.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Impossible d'écrire {output} : {exc.strerror}.") from None
        self.stdout.write(
            f"{bilan.title} de {school.name} ({school.uai}) écrit dans {output} "
            f"({len(content) // 1024} Ko)."
        )
