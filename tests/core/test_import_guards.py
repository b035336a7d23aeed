"""Guards of every import: another school's file, a file that knows nobody here, and mass
removals held until the person confirms that exact consequence — the database unchanged."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from pilote.core.importing import get_importer, run_import
from pilote.core.models import ImportBatch, ImportStatus
from pilote.schooldata.models import Pupil
from pilote.skills.models import CertificationResult
from pilote.skills.samples import Candidate, certification_csv
from pilote.usage.models import Account
from tests.schooldata import xml
from tests.schooldata.factories import PupilFactory
from tests.usage.files import ent_accounts, ent_row

NBSP = "\u00a0"


def pupils_file(count: int, start: int = 5000) -> bytes:
    ids = [str(start + n) for n in range(count)]
    return xml.pupils_file(
        [xml.pupil(i, f"NOM{i}", "Léa") for i in ids],
        [xml.structures(i, ("6 A", "D")) for i in ids],
    )


def siecle(school, content: bytes, *, apply: bool, **kwargs):
    importer = get_importer("siecle")(school=school)
    return run_import(importer, content, "ElevesSansAdresses.xml", apply=apply, **kwargs)


@pytest.fixture
def school_with_pupils(world):
    report = siecle(world.college, pupils_file(30), apply=True)
    assert report.applied, report.parsed.errors
    return world.college


def active(school) -> int:
    return Pupil.objects.for_school(school).active().count()


def test_preview_of_a_mass_departure_names_the_consequence(school_with_pupils):
    report = siecle(school_with_pupils, pupils_file(2), apply=False)
    assert report.confirmation == "28 élèves seront marqués sortis"
    assert report.as_json("x")["confirmation_required"] == report.confirmation


def test_consequence_counts_in_french():
    from pilote.core.importing import ImportDiff, removal_to_confirm
    from pilote.schooldata.importers.siecle import SiecleImporter

    importer = SiecleImporter()
    importer.source = "siecle_eleves"
    diff = ImportDiff(left=["x"] * 1644, updated=["y"] * 5)
    assert removal_to_confirm(importer, diff) == f"1{NBSP}644 élèves seront marqués sortis"
    assert removal_to_confirm(importer, ImportDiff(left=["x"] * 10, unchanged=40)) == ""
    assert removal_to_confirm(importer, ImportDiff(left=["x"] * 9)) == ""  # too few to ask


def test_mass_departure_is_refused_unless_confirmed(school_with_pupils):
    report = siecle(school_with_pupils, pupils_file(2), apply=True)
    assert report.refused and not report.applied
    assert "28 élèves seront marqués sortis" in str(report.parsed.errors[0])
    assert active(school_with_pupils) == 30
    wrong = siecle(school_with_pupils, pupils_file(2), apply=True, accept_removals="3 élèves")
    assert wrong.refused and active(school_with_pupils) == 30
    confirmed = siecle(
        school_with_pupils, pupils_file(2), apply=True, accept_removals=report.confirmation
    )
    assert confirmed.applied and active(school_with_pupils) == 2


def test_a_few_departures_need_no_confirmation(school_with_pupils):
    report = siecle(school_with_pupils, pupils_file(27), apply=True)
    assert report.applied and report.diff.counts["left"] == 3


def test_cli_holds_mass_departure_until_accepter_suppressions(school_with_pupils, tmp_path, capsys):
    path = tmp_path / "ElevesSansAdresses.xml"
    path.write_bytes(pupils_file(2))
    args = ["import", "siecle", str(path), "--school", school_with_pupils.uai, "--apply"]
    with pytest.raises(SystemExit):
        call_command(*args, "--format", "json")
    output = json.loads(capsys.readouterr().out)
    assert not output["applied"] and output["confirmation_required"]
    assert active(school_with_pupils) == 30
    call_command(*args, "--accepter-suppressions")
    assert active(school_with_pupils) == 2


def test_page_asks_to_confirm_the_exact_consequence(client, world, school_with_pupils):
    client.force_login(world["chef.college"])
    response = client.post(
        f"/etablissements/{world.college.uai}/imports/nouveau/siecle/",
        {"file": SimpleUploadedFile("ElevesSansAdresses.xml", pupils_file(2))},
    )
    preview_url = response["Location"]
    page = client.get(preview_url).content.decode()
    assert "Je confirme : 28 élèves seront marqués sortis." in page
    response = client.post(preview_url, {"decision": "apply"})
    assert response.status_code == 400
    assert "confirmez cette conséquence" in response.content.decode()
    assert active(world.college) == 30
    assert ImportBatch.objects.filter(status=ImportStatus.PENDING).count() == 1
    response = client.post(
        preview_url,
        {"decision": "apply", "accept_removals": "28 élèves seront marqués sortis"},
    )
    assert response.status_code == 302
    assert active(world.college) == 2


def test_small_ent_file_matching_nobody_is_refused(world, school_with_pupils):
    accounts = ent_accounts([ent_row("E1", "Élève", "NOM5000", "Léa", siecle="5000")])
    assert run_import(
        get_importer("ent-comptes")(school=world.college), accounts, "export.csv", apply=True
    ).applied
    before = list(Account.objects.values_list("external_id", "pupil_id"))
    stranger = ent_accounts(
        [ent_row(f"X{n}", "Élève", f"INCONNU{n}", "Zoé", siecle=f"9{n}") for n in range(5)]
    )
    report = run_import(
        get_importer("ent-comptes")(school=world.college), stranger, "export.csv", apply=True
    )
    assert report.refused
    assert "aucun des 5 élèves et responsables du fichier n'est connu" in str(
        report.parsed.errors[0]
    )
    assert list(Account.objects.values_list("external_id", "pupil_id")) == before


def test_pix_certification_of_another_school_is_refused(world):
    PupilFactory(school=world.college, last_name="MARTIN", first_name="Lou")
    content = certification_csv(
        [Candidate(str(n), f"ETRANGER{n}", "Max", None, pix_score=300) for n in range(27)]
    )
    report = run_import(
        get_importer("pix-certification")(school=world.college),
        content,
        "20260612_1030_resultats_3 A.csv",
        apply=True,
    )
    assert report.refused and "aucun des 27 candidats" in str(report.parsed.errors[0])
    assert not CertificationResult.objects.exists()


def test_siecle_file_naming_no_school_gets_a_warning(world):
    content = pupils_file(2).replace(b"<UAJ>0449901Y</UAJ>", b"<UAJ></UAJ>")
    report = siecle(world.college, content, apply=False)
    assert not report.refused
    assert any("ne dit pas de quel établissement" in str(w) for w in report.parsed.warnings)
    bare = pupils_file(2)
    start, end = bare.index(b"<PARAMETRES>"), bare.index(b"</PARAMETRES>") + len(b"</PARAMETRES>")
    report = siecle(world.college, bare[:start] + bare[end:], apply=False)
    assert any("ne dit pas de quel établissement" in str(w) for w in report.parsed.warnings)


def test_refused_file_is_kept_in_history_with_its_reason(client, world):
    from pilote.core.models import JournalEntry

    client.force_login(world["chef.college"])
    other = pupils_file(2).replace(b"<UAJ>0449901Y</UAJ>", b"<UAJ>0449902Z</UAJ>")
    response = client.post(
        f"/etablissements/{world.college.uai}/imports/nouveau/siecle/",
        {"file": SimpleUploadedFile("ElevesSansAdresses.xml", other)},
    )
    assert response.status_code == 400
    assert not Pupil.objects.for_school(world.college).exists()
    batch = ImportBatch.objects.get(status=ImportStatus.REFUSED)
    assert "0449902Z" in batch.metadata["reason"] and batch.content is None
    assert JournalEntry.objects.filter(action="import_refused", school=world.college).exists()
    page = client.get(f"/etablissements/{world.college.uai}/imports/").content.decode()
    assert "Refusé" in page and "0449902Z" in page


def test_abandoned_preview_expires_with_the_daily_jobs(world):
    from datetime import timedelta

    from django.utils import timezone

    from pilote.core.daily import run_daily_jobs

    old = ImportBatch.objects.create(
        school=world.college, kind="siecle", filename="vieux.xml", content=b"<x/>"
    )
    ImportBatch.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    fresh = ImportBatch.objects.create(
        school=world.college, kind="siecle", filename="neuf.xml", content=b"<x/>"
    )
    [outcome] = run_daily_jobs(["imports.expiration"])
    assert outcome.ok and outcome.summary == "1 aperçu(s) d'import expiré(s)"
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == ImportStatus.CANCELLED and old.content is None
    assert fresh.status == ImportStatus.PENDING and fresh.content is not None
    assert run_daily_jobs(["imports.expiration"])[0].summary == "0 aperçu(s) d'import expiré(s)"


def test_educonnect_file_matching_nobody_is_refused_and_nothing_written(world, school_with_pupils):
    """ÉduConnect shares the ENT accounts' guard: a file of strangers is another school's."""
    header = ["Identifiant", "Nom", "Prénom", "Profil", "État"]
    lines = [";".join(header)] + [f"x.inconnu{n};INCONNU{n};Zoé;Élève;Activé" for n in range(5)]
    content = ("\n".join(lines) + "\n").encode()
    before = list(Account.objects.values_list("external_id", "pupil_id", "is_activated"))
    report = run_import(
        get_importer("educonnect")(school=world.college), content, "educonnect.csv", apply=True
    )
    assert report.refused
    assert "aucun des 5 élèves et responsables du fichier n'est connu" in str(
        report.parsed.errors[0]
    )
    assert list(Account.objects.values_list("external_id", "pupil_id", "is_activated")) == before
    assert not Account.objects.filter(external_id__startswith="x.inconnu").exists()
