"""« Annuler cet import » on a 3,000-pupil lycée: SIECLE pupils imported, then a second export
that moves every pupil to another division, marks a tenth as left and adds 300 newcomers;
reverting that second import is timed. Budget: < 5 s.

    uv run python benchmarks/core_import_revert.py [--pupils 3000]
"""

import argparse
import os
import re
import time

from harness import setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pupils", type=int, default=3000)
    args = parser.parse_args()
    setup("import-revert")

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pilote.core.choices import CollectiviteKind, Role, SchoolType
    from pilote.core.importing import get_importer, run_import
    from pilote.core.models import Academie, Collectivite, Membership, School, User
    from pilote.core.revert import revert_import
    from pilote.schooldata.demo_files import generate
    from pilote.schooldata.importers.xmlfile import current_school_year
    from pilote.schooldata.models import Pupil

    academie = Academie.objects.create(code="99", name="Banc d'essai")
    region = Collectivite.objects.create(kind=CollectiviteKind.REGION, code="99", name="Banc")
    school = School.objects.create(
        uai="0449902Z",
        name="Lycée du banc",
        type=SchoolType.LGT,
        academie=academie,
        collectivite=region,
    )
    head = User.objects.create(username="chef-banc")
    Membership.objects.create(user=head, school=school, role=Role.CHEF)
    year = current_school_year()
    first = generate(school.uai, lycee=True, pupils=args.pupils, year=year)
    files = first.zipped()

    def run(content: bytes, name: str):
        importer = get_importer("siecle")(school=school, user=head)
        report = run_import(importer, content, name, apply=True, accept_removals=True)
        assert report.applied, report.parsed.errors
        return report

    for name in ("Structures.zip", "Nomenclature.zip", "ElevesSansAdresses.zip"):
        run(files[name], name)
    before = sorted(Pupil.objects.values_list("siecle_id", "is_active", "division_id"))

    second = second_export(files["ElevesSansAdresses.zip"])
    report = run(second, "ElevesSansAdresses-2.zip")
    counts = report.diff.counts
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        if os.environ.get("PROFILE"):
            import cProfile

            cProfile.runctx(
                "revert_import(report.batch, head)", globals(), locals(), sort="cumtime"
            )
            reverted = {"restored": 0, "deleted": 0}
        else:
            reverted = revert_import(report.batch, head)
        elapsed = time.perf_counter() - start
    after = sorted(Pupil.objects.values_list("siecle_id", "is_active", "division_id"))
    assert after == before, "l'annulation n'a pas tout remis en état"
    print(
        f"Second import : {counts['created']} créés, {counts['updated']} modifiés, "
        f"{counts['left']} sortis."
    )
    print(
        f"Annulation : {elapsed:.2f} s, {len(queries)} requêtes, "
        f"{reverted['restored']} rétablis, {reverted['deleted']} supprimés (budget < 5 s)."
    )


def second_export(zipped: bytes) -> bytes:
    """The same export a week later: every placed pupil in the next division of the same
    level, one in ten with a DATE_SORTIE, 300 newcomers (copies of pupils with new ids)."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(zipped)) as archive:
        name = archive.namelist()[0]
        text = archive.read(name).decode("iso-8859-15")
    pupils = re.findall(r"<ELEVE ELEVE_ID=.*?</ELEVE>", text, re.S)
    structures = re.findall(r"<STRUCTURES_ELEVE .*?</STRUCTURES_ELEVE>", text, re.S)
    division = re.compile(r"<CODE_STRUCTURE>([^<]+)</CODE_STRUCTURE>(\s*)<TYPE_STRUCTURE>D")
    codes = sorted({m.group(1) for m in division.finditer(text)} - {"Inactifs"})
    shift = {code: codes[(i + 1) % len(codes)] for i, code in enumerate(codes)}
    shift["Inactifs"] = "Inactifs"
    changed_pupils = []
    for index, pupil in enumerate(pupils):
        if index % 10 == 0 and "<DATE_SORTIE>" not in pupil:
            pupil = pupil.replace("</ELEVE>", "<DATE_SORTIE>15/11/2026</DATE_SORTIE></ELEVE>")
        changed_pupils.append(pupil)
    moved = [
        division.sub(
            lambda m: (
                f"<CODE_STRUCTURE>{shift[m.group(1)]}</CODE_STRUCTURE>{m.group(2)}<TYPE_STRUCTURE>D"
            ),
            block,
        )
        for block in structures
    ]
    for number, pupil in enumerate(pupils[:300]):
        new_id = f"9{number:06d}"
        changed_pupils.append(re.sub(r'ELEVE_ID="\d+"', f'ELEVE_ID="{new_id}"', pupil, count=1))
    body_start = text.index("<ELEVE ")
    body_end = text.index("</ELEVES>")
    text = text[:body_start] + "".join(changed_pupils) + text[body_end:]
    s_start = text.index("<STRUCTURES_ELEVE ")
    s_end = text.rindex("</STRUCTURES_ELEVE>") + len("</STRUCTURES_ELEVE>")
    text = text[:s_start] + "".join(moved) + text[s_end:]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, text.encode("iso-8859-15"))
    return buffer.getvalue()


if __name__ == "__main__":
    main()
