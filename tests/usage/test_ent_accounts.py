"""The ENT accounts export (FORMATS.md §5.1): parsing, matching to SIECLE, idempotent writes."""

import pytest

from pilote.core.importing import get_importer, run_import
from pilote.core.models import JournalEntry
from pilote.usage.choices import CaseReason, Profile
from pilote.usage.models import Account, FollowUp, UsageSettings
from tests.usage.factories import GuardianLinkFactory, PupilFactory
from tests.usage.files import csv_bytes, ent_accounts, ent_row


@pytest.fixture
def family(world):
    """Lina Martin (4B) with her mother Sarah Martin, and Noé Petit (3A) with his father."""
    lina = PupilFactory(
        school=world.college,
        siecle_id="1001",
        last_name="MARTIN",
        first_name="Lina",
        division__code="4B",
    )
    noe = PupilFactory(
        school=world.college,
        siecle_id="1002",
        last_name="PETIT",
        first_name="Noé",
        division__code="3A",
    )
    mother = GuardianLinkFactory(
        pupil=lina, guardian__last_name="MARTIN", guardian__first_name="Sarah"
    ).guardian
    father = GuardianLinkFactory(
        pupil=noe, guardian__last_name="PETIT", guardian__first_name="Marc"
    ).guardian
    return {"lina": lina, "noe": noe, "mother": mother, "father": father}


def importer(world, school=None):
    return get_importer("ent-comptes")(school=school or world.college, user=world["chef.college"])


def export(*extra):
    return ent_accounts(
        [
            ent_row(
                "E1",
                "Élève",
                "MARTIN",
                "Lina",
                siecle="1001",
                classes="4B",
                parents="Sarah MARTIN",
                last="02-03-2026 08:15",
            ),
            ent_row("E2", "Élève", "PETIT", "Noé", siecle="1002", classes="3A", code="AB12CD"),
            ent_row(
                "P1", "Parent", "MARTIN", "Sarah", children="Lina MARTIN", last="01-03-2026 20:00"
            ),
            ent_row("P2", "Parent", "PETIT", "Marc", children="Noé PETIT", code="ZZ99"),
            ent_row("T1", "Enseignant", "DUPONT", "Anne", last="03-03-2026 10:00"),
            *extra,
        ]
    )


def test_parse_reads_activation_connection_and_matches_siecle(world, family):
    parsed = importer(world).parse(export(), "export.csv")
    assert not parsed.errors
    records = {r.external_id: r for r in parsed.records}
    assert records["E1"].is_activated and records["E1"].pupil_id == family["lina"].pk
    assert records["E1"].last_connection.strftime("%d/%m/%Y %H:%M") == "02/03/2026 08:15"
    assert not records["E2"].is_activated and records["E2"].last_connection is None
    assert records["P1"].guardian_id == family["mother"].pk
    assert records["P2"].guardian_id == family["father"].pk
    assert records["T1"].profile == Profile.ENSEIGNANT
    assert parsed.metadata["unmatched"] == 0


def test_unmatched_accounts_are_reported_with_their_line(world, family):
    extra = [
        ent_row("E9", "Élève", "INCONNU", "Zoé", siecle="9999", classes="5C"),
        ent_row("P9", "Parent", "MARTIN", "Sarah", children="Autre ENFANT"),
    ]
    parsed = importer(world).parse(export(*extra), "export.csv")
    assert not parsed.errors
    assert parsed.metadata["unmatched"] == 2
    messages = [str(w) for w in parsed.warnings]
    assert "2 comptes élève ou responsable sans correspondance" in messages[0]
    assert "ligne 7 : Élève INCONNU Zoé : introuvable dans SIECLE" in messages
    assert "ligne 8 : Responsable MARTIN Sarah : introuvable dans SIECLE" in messages


def test_pupil_without_siecle_id_is_matched_by_name_and_class(world, family):
    content = ent_accounts([ent_row("E1", "Élève", "Martin", "LINA", classes="4 B")])
    parsed = importer(world).parse(content, "export.csv")
    assert parsed.records[0].pupil_id == family["lina"].pk


def test_apply_writes_accounts_then_reimport_changes_nothing(world, family):
    report = run_import(importer(world), export(), "export.csv", apply=True)
    assert report.diff.counts["created"] == 5
    assert Account.objects.filter(school=world.college).count() == 5
    assert UsageSettings.objects.get(school=world.college).accounts_exported_on is not None
    cases = set(FollowUp.objects.values_list("pupil__siecle_id", "reason"))
    assert ("1002", CaseReason.COMPTE_NON_ACTIVE) in cases
    assert ("1002", CaseReason.FAMILLE_SANS_COMPTE) in cases
    assert ("1001", CaseReason.FAMILLE_SANS_COMPTE) not in cases
    journal = JournalEntry.objects.filter(action="import_applied").count()

    again = run_import(importer(world), export(), "export.csv", apply=True)
    assert again.diff.counts == {"created": 0, "updated": 0, "unchanged": 5, "left": 0}
    assert JournalEntry.objects.filter(action="import_applied").count() == journal + 1


def test_next_export_updates_and_removes_accounts(world, family):
    run_import(importer(world), export(), "export.csv", apply=True)
    newer = ent_accounts(
        [
            ent_row("E1", "Élève", "MARTIN", "Lina", siecle="1001", classes="4B"),
            ent_row("E2", "Élève", "PETIT", "Noé", siecle="1002", classes="3A"),
        ]
    )
    report = run_import(importer(world), newer, "export.csv", apply=True)
    assert report.diff.counts == {"created": 0, "updated": 2, "unchanged": 0, "left": 3}
    assert Account.objects.get(external_id="E2").is_activated
    assert not Account.objects.filter(external_id="P1").exists()
    closed = FollowUp.objects.get(pupil=family["noe"], reason=CaseReason.COMPTE_NON_ACTIVE)
    assert not closed.is_detected


def test_file_without_bom_nor_quotes_and_class_export_are_read(world, family):
    plain = ent_accounts(
        [ent_row("E1", "Eleve", "MARTIN", "Lina", siecle="1001")], bom=False, quote_all=False
    )
    assert importer(world).parse(plain, "export.csv").records[0].pupil_id == family["lina"].pk
    class_export = csv_bytes(
        ["Type", "Nom", "Prénom", "Login", "Alias de login", "Code d'activation"],
        [["Élève", "MARTIN", "Lina", "lina.martin", "", ""]],
    )
    record = importer(world).parse(class_export, "export.csv").records[0]
    assert record.external_id == "lina.martin" and record.is_activated


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (ent_row("X1", "Martien", "A", "B"), "ligne 7 : profil « Martien » inconnu."),
        (
            ent_row("X1", "Élève", "A", "B", last="32-13-2026 25:00"),
            "ligne 7, colonne « Dernière connexion » : « 32-13-2026 25:00 » n'est pas une date "
            "lisible (jj/mm/aaaa hh:mm).",
        ),
        (ent_row("E1", "Élève", "A", "B"), "ligne 7 : le compte « E1 » figure déjà ligne 2."),
        (ent_row("X1", "Élève", "", "B"), "ligne 7 : le nom est vide."),
    ],
)
def test_bad_lines_are_refused_with_their_location(world, family, row, message):
    report = run_import(importer(world), export(row), "export.csv", apply=True)
    assert report.refused
    assert message in [str(e) for e in report.parsed.errors]
    assert not Account.objects.exists()


def test_missing_columns_are_named(world):
    content = csv_bytes(["Nom", "Prénom"], [["A", "B"]])
    report = run_import(importer(world), content, "export.csv", apply=False)
    assert [str(e) for e in report.parsed.errors] == [
        "le fichier n'est pas un export des comptes de l'ENT : colonnes absentes : « Type », "
        "« Code d'activation »."
    ]


def test_another_schools_export_is_refused(world, family):
    foreign = ent_accounts(
        [ent_row(f"E{n}", "Élève", f"AUTRE{n}", "Zoé", siecle=f"77{n}") for n in range(6)]
    )
    report = run_import(importer(world), foreign, "export.csv", apply=True)
    assert report.refused
    assert "sans doute le fichier d'un autre établissement" in str(report.parsed.errors[0])
    assert not Account.objects.exists()


def test_formula_cells_are_kept_as_plain_text(world, family):
    row = ent_row("E7", "Élève", '=HYPERLINK("http://x")', "@SUM(A1)", classes="4B")
    run_import(importer(world), export(row), "export.csv", apply=True)
    account = Account.objects.get(external_id="E7")
    assert account.last_name == '=HYPERLINK("http://x")'
    assert account.first_name == "@SUM(A1)"


def test_a_twenty_megabyte_single_line_is_refused(world):
    content = b'"Id";"Type";"Nom";"Code d\'activation"\r\n"' + b"A" * (20 * 1024 * 1024) + b'"'
    report = run_import(importer(world), content, "export.csv", apply=True)
    assert report.refused
    assert "une cellule dépasse" in str(report.parsed.errors[0])
    assert not Account.objects.exists()


def test_web_upload_of_a_bad_file_answers_400_and_writes_nothing(client, world, family):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world["chef.college"])
    upload = SimpleUploadedFile("export.csv", export(ent_row("X1", "Martien", "A", "B")))
    response = client.post(
        f"/etablissements/{world.college.uai}/imports/nouveau/ent-comptes/", {"file": upload}
    )
    assert response.status_code == 400
    assert "profil « Martien » inconnu" in response.content.decode()
    assert not Account.objects.exists()
