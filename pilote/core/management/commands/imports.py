"""``pilote imports --school UAI [--format json] [--annuler ID]``: a school's imports, and the
way back from one of them (the same as « Annuler cet import » on the page)."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pilote.core.models import ImportBatch, School
from pilote.core.revert import RevertRefused, check_revertible, revert_import


class Command(BaseCommand):
    help = "Liste les imports d'un établissement ; --annuler ID annule un import appliqué."

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="UAI de l'établissement")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--annuler", type=int, metavar="ID", help="annule cet import")

    def handle(self, *args, **options):
        school = School.objects.filter(uai=options["school"].upper()).first()
        if school is None:
            raise CommandError(f"Établissement inconnu : {options['school']}")
        if options["annuler"] is not None:
            return self.revert(school, options["annuler"], options["format"])
        rows = [describe(batch) for batch in ImportBatch.objects.for_school(school)]
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            counts = row["summary"]
            self.stdout.write(
                f"{row['id']:>6}  {row['created_at'][:16]}  {row['kind']:<18} {row['status']:<10} "
                f"{row['filename']}  ({counts.get('created', 0)} créés, "
                f"{counts.get('updated', 0)} modifiés, {counts.get('left', 0)} sortis)"
                + ("  [annulable]" if row["revertible"] else "")
            )

    def revert(self, school, batch_id: int, output: str) -> None:
        batch = ImportBatch.objects.for_school(school).filter(pk=batch_id).first()
        if batch is None:
            raise CommandError(f"Aucun import n°{batch_id} pour l'établissement {school.uai}.")
        try:
            counts = revert_import(batch)
        except RevertRefused as refusal:
            self.stderr.write(f"Annulation impossible : {refusal}")
            sys.exit(1)
        if output == "json":
            self.stdout.write(json.dumps({"id": batch.pk, "reverted": True, **counts}))
        else:
            self.stdout.write(
                f"Import n°{batch.pk} annulé : {counts['restored']} enregistrements rétablis, "
                f"{counts['deleted']} supprimés."
            )


def describe(batch) -> dict:
    try:
        check_revertible(batch)
        revertible = True
    except RevertRefused:
        revertible = False
    return {
        "id": batch.pk,
        "kind": batch.kind,
        "filename": batch.filename,
        "status": batch.status,
        "created_at": timezone.localtime(batch.created_at).isoformat(),
        "decided_at": batch.decided_at and timezone.localtime(batch.decided_at).isoformat(),
        "summary": batch.summary,
        "revertible": revertible,
    }
