"""``pilote import <kind> FILE``: the same importers as the web upload, for scripts.

Without ``--apply`` the file is only checked and the diff printed; the exit status is non-zero
when the file is refused.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pilote.core.importing import get_importer, keep_refused, run_import
from pilote.core.models import School


class Command(BaseCommand):
    help = "Importe un fichier (aperçu, ou écriture avec --apply)."
    # Django's system checks (URLs, models, templates…) belong to deploying and migrating;
    # run before every import they cost more than a second of the import of a log.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("kind", help="type d'import (annuaire, inventaire, siecle…)")
        parser.add_argument("file", type=Path)
        parser.add_argument("--school", help="UAI de l'établissement")
        parser.add_argument("--academie", help="code de l'académie (import annuaire)")
        parser.add_argument("--apply", action="store_true", help="écrit les changements")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--accepter-suppressions",
            dest="accept_removals",
            action="store_true",
            help="applique même si l'import marque sortis ou supprime plus de "
            "PILOTE_IMPORT_MAX_REMOVAL_PERCENT %% des enregistrements",
        )

    def handle(self, *args, **options):
        try:
            importer_class = get_importer(options["kind"])
        except KeyError as exc:
            raise CommandError(exc.args[0]) from None
        school = None
        if importer_class.scope == "school":
            if not options["school"]:
                raise CommandError("--school UAI est obligatoire pour ce type d'import.")
            school = School.objects.filter(uai=options["school"].upper()).first()
            if school is None:
                raise CommandError(f"Établissement inconnu : {options['school']}")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        importer = importer_class(school=school, options={"academie": options["academie"]})
        # The file is read from disk: a streaming importer (connection log) never loads it.
        report = run_import(
            importer,
            None,
            path.name,
            path=path,
            apply=options["apply"],
            accept_removals=options["accept_removals"],
        )
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(report.as_json(school.uai if school else None), ensure_ascii=False)
            )
        else:
            self.write_text(report)
        if report.refused:
            keep_refused(importer, path.name, report.parsed.errors)
            sys.exit(1)

    def write_text(self, report) -> None:
        if report.refused:
            self.stderr.write(f"Fichier refusé : {report.filename}")
            for error in report.parsed.errors:
                self.stderr.write(f"  - {error}")
            return
        counts = report.diff.counts
        verb = "Appliqué" if report.applied else "Aperçu (rien n'est écrit sans --apply)"
        if report.confirmation and not report.applied:
            self.stdout.write(
                f"À confirmer : {report.confirmation} (--apply --accepter-suppressions)."
            )
        self.stdout.write(
            f"{verb} : {counts['created']} créés, {counts['updated']} modifiés, "
            f"{counts['unchanged']} inchangés, {counts['left']} sortis."
        )
        for column in report.parsed.columns or []:
            target = column["label"] if column["field"] else "ignorée"
            self.stdout.write(f"  colonne « {column['header']} » → {target}")
        if report.parsed.missing_fields:
            missing = ", ".join(report.parsed.missing_fields)
            self.stdout.write(f"  champs facultatifs absents : {missing}")
        for warning in report.parsed.warnings:
            self.stdout.write(f"  ! {warning}")
