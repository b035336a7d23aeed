"""ENT statistics, ÉduConnect with its column presets, and the connection log."""

from datetime import date

import pytest

from pilote.core.importing import get_importer, run_import
from pilote.usage.choices import AccountSource, Profile, StatKind, StatSource
from pilote.usage.models import Account, AudienceStat, ConnectionWeek
from tests.usage.factories import (
    AccountFactory,
    GuardianLinkFactory,
    MappingPresetFactory,
    PupilFactory,
)
from tests.usage.files import csv_bytes


def run(world, kind, content, *, apply=True, options=None, school=None):
    importer = get_importer(kind)(
        school=school or world.college, user=world["chef.college"], options=options
    )
    return run_import(importer, content, "fichier.csv", apply=apply)


def errors(report) -> list[str]:
    return [str(e) for e in report.parsed.errors]


# --- ENT statistics --------------------------------------------------------------------------

ACCOUNTS_HEADER = [
    "Établissement",
    "UAI",
    "Date",
    "Profil",
    "Connexions",
    "Visiteurs uniques",
    "Comptes chargés",
    "Comptes activés",
]


def stats_row(uai="0449901Y", day="2025-09-01T00:00", profile="Élève", *counts):
    return ["COLLEGE DES SALORGES", uai, day, profile, *(counts or ("1200", "310", "420", "401"))]


def test_accounts_statistics_are_imported_then_left_alone(world):
    content = csv_bytes(
        ACCOUNTS_HEADER,
        [stats_row(), stats_row(profile="Parent"), stats_row(day="2025-10-01T00:00")],
    )
    report = run(world, "ent-stats", content)
    assert report.diff.counts["created"] == 3
    stat = AudienceStat.objects.get(profile=Profile.PARENT)
    assert (stat.kind, stat.period_start, stat.connections, stat.activated_accounts) == (
        StatKind.COMPTES,
        date(2025, 9, 1),
        1200,
        401,
    )
    again = run(world, "ent-stats", content)
    assert again.diff.counts == {"created": 0, "updated": 0, "unchanged": 3, "left": 0}


def test_connector_statistics_are_recognised_by_their_columns(world):
    header = ["Établissement", "UAI", "Date", "Profil", "Connecteur", "Nombre d'accès"]
    content = csv_bytes(
        header, [["X", "0449901Y", "2025-09-01T00:00", "Élève", "Mediacentre", "87"]]
    )
    run(world, "ent-stats", content)
    stat = AudienceStat.objects.get()
    assert (stat.kind, stat.label, stat.accesses) == (StatKind.CONNECTEUR, "Mediacentre", 87)


def test_per_class_statistics_keep_the_class(world):
    content = csv_bytes(
        ACCOUNTS_HEADER, [["4B", "", "2025-09-01T00:00", "Élève", "5", "3", "28", "27"]]
    )
    run(world, "ent-stats", content)
    assert AudienceStat.objects.get().division_label == "4B"


def test_statistics_of_another_school_are_refused(world):
    content = csv_bytes(ACCOUNTS_HEADER, [stats_row(), stats_row(uai="0449902Z", profile="Parent")])
    report = run(world, "ent-stats", content)
    assert errors(report) == [
        "ligne 3 : UAI 0449902Z : cette ligne concerne un autre établissement que 0449901Y, "
        "le fichier est refusé."
    ]
    assert not AudienceStat.objects.exists()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (stats_row(day="hier"), "ligne 2 : date illisible « hier »."),
        (
            stats_row("0449901Y", "2025-09-01T00:00", "Élève", "beaucoup", "1", "1", "1"),
            "ligne 2 : « beaucoup » n'est pas un nombre.",
        ),
        (stats_row(profile="Chat"), "ligne 2 : profil « Chat » inconnu."),
    ],
)
def test_bad_statistics_lines_are_located(world, row, message):
    report = run(world, "ent-stats", csv_bytes(ACCOUNTS_HEADER, [row]))
    assert errors(report) == [message]


def test_unknown_export_is_refused(world):
    report = run(world, "ent-stats", csv_bytes(["A", "B"], [["1", "2"]]))
    assert "n'est pas un export « Statistiques » de l'ENT" in errors(report)[0]


# --- ÉduConnect ------------------------------------------------------------------------------


@pytest.fixture
def pupils(world):
    lina = PupilFactory(
        school=world.college, last_name="MARTIN", first_name="Lina", division__code="4B"
    )
    GuardianLinkFactory(pupil=lina, guardian__last_name="MARTIN", guardian__first_name="Sarah")
    return lina


def test_educonnect_with_usual_headers_needs_no_preset(world, pupils):
    content = csv_bytes(
        ["Identifiant", "Nom", "Prénom", "Classe", "Profil", "État du compte"],
        [
            ["l.martin", "MARTIN", "Lina", "4B", "Élève", "Activé"],
            ["s.martin", "MARTIN", "Sarah", "", "Responsable", "Non activé"],
        ],
        bom=False,
    )
    report = run(world, "educonnect", content)
    assert report.diff.counts["created"] == 2
    lina = Account.objects.get(login="l.martin")
    assert lina.source == AccountSource.EDUCONNECT and lina.is_activated
    assert lina.pupil == pupils
    assert Account.objects.get(login="s.martin").guardian is not None


def test_educonnect_uses_the_schools_saved_preset(world, pupils):
    MappingPresetFactory(
        school=world.college,
        name="Export académie",
        mapping={
            "nom": "NOM_ELEVE",
            "prenom": "PRENOM",
            "classe": "DIV",
            "profil": "PROFIL",
            "etat": "ETAT",
            "identifiant": "",
        },
    )
    content = csv_bytes(
        ["NOM_ELEVE", "PRENOM", "DIV", "PROFIL", "ETAT"],
        [["MARTIN", "Lina", "4 B", "eleve", "actif"]],
    )
    report = run(world, "educonnect", content)
    assert not report.refused
    account = Account.objects.get()
    assert account.pupil == pupils and account.external_id == "eleve|martin|lina|4B"


def test_educonnect_with_unknown_columns_asks_for_the_picker(world):
    content = csv_bytes(["C1", "C2"], [["a", "b"]])
    report = run(world, "educonnect", content)
    assert "page « Colonnes ÉduConnect »" in errors(report)[0]


def test_educonnect_named_preset_must_exist(world):
    content = csv_bytes(["Nom", "Prénom", "Profil", "État"], [["A", "B", "Élève", "Activé"]])
    report = run(world, "educonnect", content, options={"preset": "Inconnu"})
    assert errors(report) == ["aucun modèle de colonnes ne s'appelle « Inconnu »."]


def test_educonnect_unknown_state_and_profile_are_located(world):
    content = csv_bytes(
        ["Nom", "Prénom", "Profil", "État"],
        [["A", "B", "Élève", "peut-être"], ["C", "D", "Chat", "Activé"]],
    )
    assert errors(run(world, "educonnect", content)) == [
        "ligne 2 : état du compte « peut-être » inconnu.",
        "ligne 3 : profil « Chat » : attendu élève ou responsable.",
    ]


def test_educonnect_xlsx_is_read(world, pupils):
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nom", "Prénom", "Classe", "Profil", "État du compte"])
    sheet.append(["MARTIN", "Lina", "4B", "Élève", "Non activé"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    run(world, "educonnect", buffer.getvalue())
    assert not Account.objects.get().is_activated


def test_ent_and_educonnect_accounts_live_side_by_side(world, pupils):
    AccountFactory(school=world.college, external_id="l.martin", pupil=pupils)
    content = csv_bytes(
        ["Identifiant", "Nom", "Prénom", "Profil", "État"],
        [["l.martin", "MARTIN", "Lina", "Élève", "Activé"]],
    )
    run(world, "educonnect", content)
    assert Account.objects.filter(pupil=pupils).count() == 2


# --- connection log --------------------------------------------------------------------------

LOG_HEADER = ["timestamp", "user_id", "profil", "service"]


def log_rows():
    return [
        ["2026-03-02 08:00:00", "u1", "Élève", "Pronote"],
        ["2026-03-03 09:30:00", "u1", "ELEVE", "Pronote"],
        ["2026-03-04 10:00:00", "u1", "Élève", "Mediacentre"],
        ["2026-03-10 08:00:00", "u1", "Élève", "Pronote"],
        ["2026-03-02 20:00:00", "p7", "Parent", "Messagerie"],
    ]


def test_connection_log_is_summed_per_person_and_week(world):
    AccountFactory(school=world.college, external_id="u1")
    report = run(world, "connexions", csv_bytes(LOG_HEADER, log_rows()))
    assert report.diff.counts["created"] == 3
    weeks = {
        (w.person_key, w.week_start): (w.connections, w.profile, w.account_id is not None)
        for w in ConnectionWeek.objects.all()
    }
    assert weeks == {
        ("u1", date(2026, 3, 2)): (3, Profile.ELEVE, True),
        ("u1", date(2026, 3, 9)): (1, Profile.ELEVE, True),
        ("p7", date(2026, 3, 2)): (1, Profile.PARENT, False),
    }
    pronote = AudienceStat.objects.get(
        source=StatSource.CONNEXIONS, label="Pronote", period_start=date(2026, 3, 2)
    )
    assert pronote.accesses == 2
    again = run(world, "connexions", csv_bytes(LOG_HEADER, log_rows()))
    assert again.diff.counts == {"created": 0, "updated": 0, "unchanged": 3, "left": 0}
    assert AudienceStat.objects.filter(source=StatSource.CONNEXIONS).count() == 4


def test_connection_log_with_comma_and_french_dates(world):
    content = csv_bytes(
        ["Horodatage", "Utilisateur"], [["02/03/2026 08:00", "u1"]], delimiter=",", bom=False
    )
    run(world, "connexions", content)
    assert ConnectionWeek.objects.get().profile == Profile.AUTRE


def test_bad_log_lines_are_located_and_nothing_is_written(world):
    rows = [
        *log_rows(),
        ["pas une date", "u2", "Élève", "Pronote"],
        ["2026-03-02 08:00:00", "", "", ""],
    ]
    report = run(world, "connexions", csv_bytes(LOG_HEADER, rows))
    assert errors(report) == [
        "ligne 7 : horodatage illisible « pas une date ».",
        "ligne 8 : identifiant utilisateur vide.",
    ]
    assert not ConnectionWeek.objects.exists()


def test_log_of_another_school_is_refused(world):
    rows = [["2026-03-02 08:00:00", "u1", "0449902Z"]]
    report = run(world, "connexions", csv_bytes(["date", "uid", "uai"], rows))
    assert "UAI 0449902Z : cette ligne concerne un autre établissement" in errors(report)[0]


def warnings(report) -> list[str]:
    return [str(w) for w in report.parsed.warnings]


def test_log_that_does_not_name_its_school_is_previewed_with_a_warning(world):
    report = run(world, "connexions", csv_bytes(LOG_HEADER, log_rows()), apply=False)
    assert not report.refused
    assert warnings(report) == [
        "fichier.csv : colonne « UAI » absente ou vide : le journal ne dit pas de quel "
        "établissement il est. Vérifiez avant d'appliquer que c'est bien le journal de cet "
        "établissement."
    ]
    assert not ConnectionWeek.objects.exists()
    rows = [["2026-03-02 08:00:00", "u1", ""], ["2026-03-03 08:00:00", "u1", "0449901y"]]
    named = run(world, "connexions", csv_bytes(["date", "uid", "UAI"], rows), apply=False)
    assert not named.refused and warnings(named) == []
    blank = [["2026-03-02 08:00:00", "u1", " "]]
    unnamed = run(world, "connexions", csv_bytes(["date", "uid", "UAI"], blank), apply=False)
    assert "colonne « UAI » absente ou vide" in warnings(unnamed)[0]


def test_log_without_user_column_is_refused(world):
    report = run(
        world, "connexions", csv_bytes(["date", "service"], [["2026-03-02 08:00:00", "x"]])
    )
    assert errors(report)[0].startswith("colonne introuvable : identifiant utilisateur.")


def test_a_twenty_megabyte_line_in_a_log_is_refused(world):
    header_only = b"A" * (20 * 1024 * 1024)
    assert "la ligne d'en-tête dépasse 64 Ko" in errors(run(world, "connexions", header_only))[0]
    huge_value = b"timestamp;user\n2026-03-02 08:00:00;" + b"u" * (20 * 1024 * 1024) + b"\n"
    report = run(world, "connexions", huge_value)
    assert errors(report) == ["ligne 2 : valeur de plus de 1000 octets, la ligne est refusée."]
    assert not ConnectionWeek.objects.exists()
