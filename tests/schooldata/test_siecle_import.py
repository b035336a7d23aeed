"""SIECLE imports: one test per quirk of FORMATS.md §1.8, both generations of names and links."""

import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from pilote.core.importing import get_importer, run_import
from pilote.schooldata.importers.xmlfile import PARIS
from pilote.schooldata.models import (
    DataImport,
    Division,
    Guardian,
    GuardianLink,
    Mef,
    Pupil,
    Subject,
)

from . import xml


def run(school, content: bytes, filename="ElevesSansAdresses.xml", *, apply=True, kind="siecle"):
    return run_import(get_importer(kind)(school=school), content, filename, apply=apply)


def simple_pupils(**kwargs) -> bytes:
    return xml.pupils_file(
        [
            xml.pupil("1001", "MARTIN", "Léa", ine="0123456789A"),
            xml.pupil("1002", "DURAND", "Hugo"),
        ],
        [
            xml.structures("1001", ("6 A", "D"), ("6AB ESP", "G")),
            xml.structures("1002", ("6 B", "D")),
        ],
        **kwargs,
    )


# 1. zip (single XML, any member name, junk ignored) or bare XML; zip sniffed by magic bytes.
def test_zip_with_any_member_name_and_junk_is_accepted(world):
    content = xml.zipped(
        ("export/ExportXML_Eleves_2026.xml", simple_pupils()),
        ("__MACOSX/export/._ExportXML_Eleves_2026.xml", b"junk"),
        (".DS_Store", b"junk"),
    )
    report = run(world.college, content, "eleves.xml")  # misleading extension: sniffed
    assert not report.refused, report.parsed.errors
    assert Pupil.objects.filter(school=world.college).count() == 2


# 2. declared encoding, BOM, garbled names.
def test_iso_8859_15_names_keep_their_accents(world):
    content = xml.pupils_file(
        [xml.pupil("1001", "CŒUR", "Zoé")], [xml.structures("1001", ("6 A", "D"))]
    )
    assert b"\xbc" in content  # Œ in ISO-8859-15
    run(world.college, content)
    assert Pupil.objects.get().last_name == "CŒUR"


def test_utf8_file_with_bom_is_accepted(world):
    content = b"\xef\xbb\xbf" + simple_pupils(encoding="UTF-8")
    report = run(world.college, content)
    assert not report.refused
    assert Pupil.objects.get(siecle_id="1001").first_name == "Léa"


def test_utf8_bytes_declared_iso_are_refused_as_edited_file(world):
    body = simple_pupils().decode("iso-8859-15").encode("utf-8")  # re-saved as UTF-8
    report = run(world.college, body)
    assert report.refused
    assert "réenregistré" in report.parsed.errors[0].message
    assert "Ã©" in report.parsed.errors[0].location
    assert Pupil.objects.count() == 0


def test_unknown_encoding_is_refused_clearly(world):
    content = simple_pupils().replace(b"ISO-8859-15", b"x-macthai")
    report = run(world.college, content)
    assert report.refused and "encodage" in str(report.parsed.errors[0])


# 3. UAJ and school year.
def test_another_schools_file_is_refused_with_location(world):
    report = run(world.college, simple_pupils(uaj="0440008V"))
    assert report.refused
    error = report.parsed.errors[0]
    assert "0440008V" in error.message and "0449901Y" in error.message
    assert "PARAMETRES" in error.location
    assert Pupil.objects.count() == 0


def test_another_school_year_is_a_warning_asking_confirmation(world):
    from pilote.schooldata.importers.xmlfile import current_school_year

    year = current_school_year() - 1
    report = run(world.college, simple_pupils(year=year), apply=False)
    assert not report.refused
    assert any(f"{year}-{year + 1}" in w.message for w in report.parsed.warnings)
    assert Pupil.objects.count() == 0  # preview only: the person confirms by applying


# 4. root element: wrong files name the file the person meant.
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'<?xml version="1.0"?><EDT_STS><X/></EDT_STS>', "logiciel d'emploi du temps"),
        (xml.sts_file(""), "STS-web"),
        (xml.bee("BEE_COMMUN", ""), "Communs"),
        (b"Nom;Pr\xe9nom;Division\nMARTIN;L\xe9a;6 A\n", "n'est pas un fichier XML"),
    ],
)
def test_wrong_file_is_refused_naming_it(world, content, expected):
    report = run(world.college, content, "fichier.xml")
    assert report.refused
    assert expected in str(report.parsed.errors[0])
    assert "pas un export SIECLE" in str(report.parsed.errors[0]) or "XML" in str(
        report.parsed.errors[0]
    )


# 5. join on ELEVE_ID; DATE_SORTIE; no division; Inactifs.
def test_structures_join_on_eleve_id_and_inactifs_is_ignored(world):
    content = xml.pupils_file(
        [
            xml.pupil("2001", "MARTIN", "Léa"),
            xml.pupil("2002", "DURAND", "Hugo", sortie="15/10/2026"),
            xml.pupil("2003", "PETIT", "Noé"),
        ],
        [
            xml.structures("2002", ("Inactifs", "D")),
            xml.structures("2001", ("5 C", "D"), ("5C ANG", "G")),
            xml.structures("2003", ("5C ANG", "G")),
        ],
    )
    report = run(world.college, content)
    lea, hugo, noe = (Pupil.objects.get(siecle_id=i) for i in ("2001", "2002", "2003"))
    assert lea.division.code == "5 C" and [g.code for g in lea.groups.all()] == ["5C ANG"]
    assert not hugo.is_active and hugo.division is None
    assert noe.division is None and noe.is_active
    assert not Division.objects.filter(code="Inactifs").exists()
    assert any(
        "sans division" in w.message and "PETIT" in w.message for w in report.parsed.warnings
    )


# 6. surnames of both generations.
def test_usage_name_then_family_name_then_old_nom(world):
    content = xml.pupils_file(
        [
            xml.pupil(
                "1", names="<NOM_DE_FAMILLE>DUPONT</NOM_DE_FAMILLE><NOM_USAGE>MARTIN</NOM_USAGE>"
            ),
            xml.pupil("2", names="<NOM_DE_FAMILLE>DUPONT</NOM_DE_FAMILLE><NOM_USAGE></NOM_USAGE>"),
            xml.pupil("3", names="<NOM>ANCIEN</NOM>"),  # file before summer 2016
        ],
        [],
    )
    run(world.college, content)
    names = dict(Pupil.objects.values_list("siecle_id", "last_name"))
    assert names == {"1": "MARTIN", "2": "DUPONT", "3": "ANCIEN"}
    assert Pupil.objects.get(siecle_id="1").birth_name == "DUPONT"


# 7. INE: empty allowed, INE_BEA kept, duplicates flagged.
def test_ine_missing_kept_and_duplicates_flagged(world):
    content = xml.pupils_file(
        [
            xml.pupil("1", ine="", extra="<INE_BEA>0987654321Z</INE_BEA>"),
            xml.pupil("2", "A", ine="1111111111B"),
            xml.pupil("3", "B", ine="1111111111B"),
        ],
        [],
    )
    report = run(world.college, content)
    assert Pupil.objects.get(siecle_id="1").previous_ine == "0987654321Z"
    assert any("1111111111B" in w.message for w in report.parsed.warnings)


# 8. responsables, both generations.
def test_guardian_links_new_generation(world):
    run(world.college, simple_pupils())
    content = xml.guardians_file(
        [xml.person("P1"), xml.person("P2", "DURAND", "Marc", mel="", portable="")],
        [
            xml.link(
                "1001",
                "P1",
                "<NIVEAU_RESPONSABILITE>1</NIVEAU_RESPONSABILITE><CODE_PARENTE>10</CODE_PARENTE>",
            ),
            xml.link(
                "1001",
                "P2",
                "<NIVEAU_RESPONSABILITE>3</NIVEAU_RESPONSABILITE><CODE_PARENTE>39</CODE_PARENTE>",
            ),
        ],
    )
    report = run(world.college, content, "ResponsablesAvecAdresses.xml")
    assert not report.refused
    legal = GuardianLink.objects.get(guardian__personne_id="P1")
    contact = GuardianLink.objects.get(guardian__personne_id="P2")
    assert (legal.is_legal, legal.relationship) == (True, "10")
    assert (contact.is_legal, contact.responsibility) == (False, "3")
    assert not Guardian.objects.get(personne_id="P2").has_email


def test_guardian_links_old_generation_resp_legal(world):
    run(world.college, simple_pupils())
    content = xml.guardians_file(
        [xml.person("P1"), xml.person("P2"), xml.person("P3")],
        [
            xml.link("1001", "P1", "<RESP_LEGAL>1</RESP_LEGAL>"),
            xml.link("1001", "P2", "<RESP_LEGAL>2</RESP_LEGAL>"),
            xml.link("1002", "P3", "<RESP_LEGAL>0</RESP_LEGAL>"),
            xml.link("9999", "P3", "<RESP_LEGAL>1</RESP_LEGAL>"),  # unknown pupil
        ],
    )
    report = run(world.college, content, "ResponsablesAvecAdresses.xml")
    ranks = dict(GuardianLink.objects.values_list("guardian__personne_id", "legacy_rank"))
    assert ranks == {"P1": 1, "P2": 2, "P3": 0}
    assert GuardianLink.objects.filter(is_legal=True).count() == 2
    assert any("ne connaît pas" in w.message for w in report.parsed.warnings)


def test_a_person_linked_to_siblings_is_one_guardian(world):
    run(world.college, simple_pupils())
    content = xml.guardians_file(
        [xml.person("P1")],
        [
            xml.link("1001", "P1", "<NIVEAU_RESPONSABILITE>1</NIVEAU_RESPONSABILITE>"),
            xml.link("1002", "P1", "<NIVEAU_RESPONSABILITE>1</NIVEAU_RESPONSABILITE>"),
        ],
    )
    run(world.college, content, "ResponsablesAvecAdresses.xml")
    assert Guardian.objects.count() == 1 and GuardianLink.objects.count() == 2


# 9. strip values, keep codes as text.
def test_values_are_stripped_and_codes_keep_leading_zeros(world):
    content = xml.bee(
        "BEE_NOMENCLATURES",
        '<MEFS><MEF CODE_MEF="1001000B11A"><FORMATION>6EME   </FORMATION>'
        "<LIBELLE_LONG>6EME BILANGUE      </LIBELLE_LONG></MEF></MEFS>"
        '<MATIERES><MATIERE CODE_MATIERE="030201"><CODE_GESTION>AGL1 </CODE_GESTION>'
        "<LIBELLE_COURT>ANGLAIS LV1         </LIBELLE_COURT></MATIERE></MATIERES>",
    )
    run(world.college, content, "Nomenclature.xml")
    mef = Mef.objects.get()
    assert (mef.code, mef.label, mef.level) == ("1001000B11A", "6EME BILANGUE", "6e")
    subject = Subject.objects.get()
    assert (subject.code, subject.management_code, subject.short_label) == (
        "030201",
        "AGL1",
        "ANGLAIS LV1",
    )


def test_structures_file_gives_divisions_mefs_and_groups(world):
    content = xml.bee(
        "BEE_STRUCTURES",
        '<DIVISIONS><DIVISION CODE_STRUCTURE="3 A"><LIBELLE_LONG>3EME A</LIBELLE_LONG>'
        "<MEFS_APPARTENANCE><MEF_APPARTENANCE><CODE_MEF>10310019110</CODE_MEF></MEF_APPARTENANCE>"
        "</MEFS_APPARTENANCE></DIVISION>"
        '<DIVISION CODE_STRUCTURE="61"/><DIVISION CODE_STRUCTURE="Inactifs"/></DIVISIONS>'
        '<GROUPES><GROUPE CODE_STRUCTURE="3A61LAT"><DIVISIONS_APPARTENANCE>'
        "<DIVISION_APPARTENANCE><CODE_STRUCTURE>3 A</CODE_STRUCTURE></DIVISION_APPARTENANCE>"
        '<DIVISION_APPARTENANCE CODE_STRUCTURE="61"/></DIVISIONS_APPARTENANCE></GROUPE></GROUPES>',
    )
    run(world.college, content, "Structures.xml")
    three_a = Division.objects.get(code="3 A")
    assert [m.code for m in three_a.mefs.all()] == ["10310019110"]
    assert three_a.level == "3e"
    group = Division.objects.get(code="3A61LAT")
    assert group.is_group and {d.code for d in group.divisions.all()} == {"3 A", "61"}
    assert not Division.objects.filter(code="Inactifs").exists()


# Idempotence, pupils leaving, the batch record.
def test_reimporting_the_same_file_changes_nothing(world):
    run(world.college, simple_pupils())
    again = run(world.college, simple_pupils())
    assert again.diff.counts == {"created": 0, "updated": 0, "unchanged": 2, "left": 0}


def test_pupil_absent_from_newer_export_is_marked_left(world):
    run(world.college, simple_pupils())
    newer = xml.pupils_file(
        [xml.pupil("1001", "MARTIN", "Léa", ine="0123456789A")],
        [xml.structures("1001", ("5 A", "D"))],
    )
    preview = run(world.college, newer, apply=False)
    assert preview.diff.counts["left"] == 1 and preview.diff.counts["updated"] == 1
    assert "division 6 A → 5 A" in preview.diff.updated[0]
    run(world.college, newer)
    durand = Pupil.objects.get(siecle_id="1002")
    assert not durand.is_active
    assert Pupil.objects.get(siecle_id="1001").division.code == "5 A"


def test_applied_import_is_recorded_with_export_metadata(world):
    run(world.college, simple_pupils())
    batch = DataImport.objects.get()
    # 2 pupils + their 2 divisions and 1 group.
    assert (batch.source, batch.uaj, batch.counts["created"]) == ("siecle_eleves", "0449901Y", 5)
    paris = timezone.localtime(batch.exported_at, PARIS)
    assert paris.strftime("%d/%m/%Y %H:%M") == "22/09/2026 08:09"  # HORODATAGE, Paris time


def test_bad_date_is_a_located_error_and_nothing_is_written(world):
    content = xml.pupils_file([xml.pupil("1001").replace("04/03/2013", "2013-03-04")], [])
    report = run(world.college, content)
    assert report.refused
    assert "DATE_NAISS" in report.parsed.errors[0].message
    assert "ligne" in report.parsed.errors[0].location
    assert Pupil.objects.count() == 0


def test_cli_json_output_and_exit_status(world, tmp_path, capsys):
    path = tmp_path / "ElevesSansAdresses.zip"
    path.write_bytes(xml.zipped(("ElevesSansAdresses.xml", simple_pupils())))
    call_command("import", "siecle", str(path), school="0449901Y", apply=True, format="json")
    output = json.loads(capsys.readouterr().out)
    assert {k: output[k] for k in ("kind", "school", "created", "left")} == {
        "kind": "siecle",
        "school": "0449901Y",
        "created": 5,
        "left": 0,
    }
    bad = tmp_path / "autre.xml"
    bad.write_bytes(simple_pupils(uaj="0440008V"))
    with pytest.raises(SystemExit) as exit_info:
        call_command("import", "siecle", str(bad), school="0449901Y", format="json")
    assert exit_info.value.code == 1
    assert json.loads(capsys.readouterr().out)["errors"]


def test_import_leaves_history_rows_naming_the_person(world):
    head = world["chef.college"]
    importer = get_importer("siecle")(school=world.college, user=head)
    run_import(importer, simple_pupils(), "ElevesSansAdresses.xml", apply=True)
    newer = xml.pupils_file([xml.pupil("1001", "MARTIN", "Léa", ine="0123456789A")], [])
    run_import(get_importer("siecle")(school=world.college, user=head), newer, "e.xml", apply=True)
    history = Pupil.history.filter(siecle_id="1002").order_by("history_date", "history_id")
    assert [(h.history_type, h.is_active) for h in history] == [("+", True), ("~", False)]
    assert {h.history_user for h in history} == {head}
