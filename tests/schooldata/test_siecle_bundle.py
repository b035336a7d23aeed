"""The four SIECLE exports in one upload (one zip holding them, or several files chosen at
once in the page): one preview, applied together in the right order, reverted together; a
bad file among them refuses the whole upload, named, with the database unchanged."""

import io

from django.urls import reverse

from pilote.core.importing import get_importer, run_import
from pilote.core.models import ImportBatch, ImportStatus
from pilote.core.revert import revert_import
from pilote.schooldata.demo_files import generate
from pilote.schooldata.importers.xmlfile import current_school_year
from pilote.schooldata.models import DataImport, Division, Guardian, GuardianLink, Mef, Pupil
from tests.core.dbstate import school_state

from . import xml

SIECLE = ("ElevesSansAdresses.xml", "ResponsablesAvecAdresses.xml", "Structures.xml")


def exports(world) -> dict[str, bytes]:
    files = generate(world.college.uai, lycee=False, pupils=60, year=current_school_year())
    return files.files()


def pupils_in(files) -> int:
    return files["ElevesSansAdresses.xml"].count(b"<ELEVE ")


def four(world) -> list[tuple[str, bytes]]:
    files = exports(world)
    # Guardians first and nomenclatures last: the order of the archive does not matter.
    return [(name, files[name]) for name in (*SIECLE, "Nomenclature.xml")]


def siecle(world, content, *, apply=True, name="ExportSIECLE.zip"):
    importer = get_importer("siecle")(school=world.college, user=world["chef.college"])
    return run_import(importer, content, name, apply=apply)


def test_one_zip_with_the_four_exports_is_previewed_then_applied_together(world):
    content = xml.zipped(*four(world))
    expected = pupils_in(exports(world))
    assert expected > 30
    preview = siecle(world, content, apply=False)
    assert not preview.refused, preview.parsed.errors
    assert Pupil.objects.filter(school=world.college).count() == 0
    report = siecle(world, content)
    assert report.applied and report.diff.counts == preview.diff.counts
    pupils = Pupil.objects.filter(school=world.college)
    assert pupils.count() == expected
    # Guardians of pupils that the same upload brought are linked (not « élève inconnu »).
    assert GuardianLink.objects.filter(school=world.college).count() >= expected
    assert not any("ne connaît pas" in str(w) for w in report.parsed.warnings)
    assert Mef.objects.filter(school=world.college).exclude(label="").exists()
    assert Division.objects.filter(school=world.college, mefs__isnull=False).exists()
    sources = set(DataImport.objects.filter(school=world.college).values_list("source", flat=True))
    assert len(sources) == 4
    assert report.batch.kind == "siecle"
    again = siecle(world, content, apply=False)
    assert not again.diff.has_changes


def test_a_bundle_is_reverted_as_one_import(world):
    before = school_state(world.college)
    report = siecle(world, xml.zipped(*four(world)))
    assert Guardian.objects.filter(school=world.college).exists()
    revert_import(report.batch, world["chef.college"])
    assert school_state(world.college) == before


def test_a_wrong_file_in_the_bundle_refuses_everything_and_names_it(world):
    files = four(world)
    files[1] = ("ResponsablesAvecAdresses.xml", files[1][1].replace(b"0449901Y", b"0440008V"))
    report = siecle(world, xml.zipped(*files))
    assert report.refused
    message = str(report.parsed.errors[0])
    assert "ResponsablesAvecAdresses.xml" in message and "0440008V" in message
    assert Pupil.objects.filter(school=world.college).count() == 0
    assert not DataImport.objects.filter(school=world.college).exists()


def test_the_same_export_twice_is_refused(world):
    files = exports(world)
    pupils = files["ElevesSansAdresses.xml"]
    report = siecle(world, xml.zipped(("a.xml", pupils), ("b.xml", pupils)))
    assert report.refused and "deux fois" in str(report.parsed.errors[0])


def upload(name: str, data: bytes):
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def test_page_takes_several_files_at_once(client, world):
    client.force_login(world["chef.college"])
    url = reverse("core:import_upload", args=[world.college.uai, "siecle"])
    page = client.get(url).content.decode()
    assert 'name="file" required multiple' in page
    files = exports(world)
    chosen = [upload(name, files[name]) for name in (*SIECLE, "Nomenclature.xml")]
    # One of them zipped, as SIECLE delivers it.
    chosen[0] = upload(
        "ElevesSansAdresses.zip",
        xml.zipped(("ElevesSansAdresses.xml", files["ElevesSansAdresses.xml"])),
    )
    response = client.post(url, {"file": chosen})
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = ImportBatch.objects.get(school=world.college, status=ImportStatus.PENDING)
    assert batch.filename.startswith("4 fichiers")
    preview = client.get(response.url).content.decode()
    assert "Appliquer" in preview
    assert Pupil.objects.filter(school=world.college).count() == 0
    applied = client.post(response.url, {"decision": "apply"})
    assert applied.status_code == 302
    assert Pupil.objects.filter(school=world.college).count() == pupils_in(files)
    assert GuardianLink.objects.filter(school=world.college).count() >= pupils_in(files)


def test_page_refuses_a_non_xml_file_among_them_with_its_name(client, world):
    client.force_login(world["chef.college"])
    url = reverse("core:import_upload", args=[world.college.uai, "siecle"])
    files = exports(world)
    chosen = [upload("ElevesSansAdresses.xml", files["ElevesSansAdresses.xml"])]
    chosen.append(upload("notes.csv", b"nom;prenom\nA;B\n"))
    response = client.post(url, {"file": chosen})
    assert response.status_code == 400
    assert "notes.csv" in response.content.decode()
    assert Pupil.objects.filter(school=world.college).count() == 0


def test_sts_upload_takes_one_file_only(client, world):
    client.force_login(world["chef.college"])
    url = reverse("core:import_upload", args=[world.college.uai, "sts"])
    response = client.post(url, {"file": [upload("a.xml", b"<a/>"), upload("b.xml", b"<b/>")]})
    assert response.status_code == 400
    assert "un fichier à la fois" in response.content.decode()
