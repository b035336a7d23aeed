"""« Annuler cet import » for the Usages imports: connection log, ENT statistics, ÉduConnect.
Each test applies a first file, takes the database's state, applies a second one that
creates and changes rows, reverts it and finds the database exactly as it was."""

from pilote.core.importing import get_importer, run_import
from pilote.core.revert import revert_import
from pilote.usage.models import Account, AudienceStat, ConnectionWeek
from tests.core.dbstate import school_state
from tests.usage.factories import AccountFactory, PupilFactory
from tests.usage.files import csv_bytes, ent_accounts, ent_row

LOG_HEADER = ["timestamp", "user_id", "profil", "service"]


def apply(world, kind, content):
    importer = get_importer(kind)(school=world.college, user=world["chef.college"])
    report = run_import(importer, content, "fichier.csv", apply=True)
    assert report.applied, report.parsed.errors
    return report.batch


def test_connection_log_import_is_reverted(world):
    AccountFactory(school=world.college, external_id="u1")
    empty = school_state(world.college)
    first = apply(
        world,
        "connexions",
        csv_bytes(
            LOG_HEADER,
            [
                ["2026-03-02 08:00:00", "u1", "Élève", "Pronote"],
                ["2026-03-03 08:00:00", "p7", "Parent", "Messagerie"],
            ],
        ),
    )
    before = school_state(world.college)
    second = apply(
        world,
        "connexions",
        csv_bytes(
            LOG_HEADER,
            [
                ["2026-03-02 08:00:00", "u1", "Élève", "Pronote"],
                ["2026-03-03 09:00:00", "u1", "Élève", "Pronote"],  # u1 : 1 → 2
                ["2026-03-10 08:00:00", "u2", "Élève", "ENT"],  # new week, new service
            ],
        ),
    )
    assert ConnectionWeek.objects.get(person_key="u1").connections == 2
    assert AudienceStat.objects.filter(label="ENT").exists()
    assert school_state(world.college) != before
    revert_import(second, world["chef.college"])
    assert school_state(world.college) == before
    revert_import(first, world["chef.college"])
    assert school_state(world.college) == empty
    assert not ConnectionWeek.objects.exists()


STATS_HEADER = [
    "Établissement",
    "UAI",
    "Date",
    "Profil",
    "Connexions",
    "Visiteurs uniques",
    "Comptes chargés",
    "Comptes activés",
]


def test_ent_statistics_import_is_reverted(world):
    row = ["COLLEGE", "0449901Y", "2025-09-01T00:00", "Élève", "1200", "310", "420", "401"]
    apply(world, "ent-stats", csv_bytes(STATS_HEADER, [row]))
    before = school_state(world.college)
    changed = [*row[:4], "1300", "320", "420", "402"]
    added = ["COLLEGE", "0449901Y", "2025-10-01T00:00", "Parent", "50", "20", "30", "10"]
    second = apply(world, "ent-stats", csv_bytes(STATS_HEADER, [changed, added]))
    assert AudienceStat.objects.get(profile="eleve").connections == 1300
    revert_import(second)
    assert school_state(world.college) == before
    assert AudienceStat.objects.get().connections == 1200


def test_educonnect_import_is_reverted(world):
    PupilFactory(school=world.college, last_name="MARTIN", first_name="Lina", division__code="4B")
    header = ["Identifiant", "Nom", "Prénom", "Classe", "Profil", "État du compte"]
    apply(
        world,
        "educonnect",
        csv_bytes(header, [["l.martin", "MARTIN", "Lina", "4B", "Élève", "Non activé"]]),
    )
    before = school_state(world.college)
    second = apply(
        world,
        "educonnect",
        csv_bytes(header, [["l.martin", "MARTIN", "Lina", "4B", "Élève", "Activé"]]),
    )
    assert school_state(world.college) != before
    revert_import(second)
    assert school_state(world.college) == before


def test_ent_accounts_import_that_removes_accounts_is_reverted(world):
    """An account gone from the newer export is deleted and its connection weeks unlinked,
    with history rows written in bulk: the revert brings both back."""
    PupilFactory(school=world.college, siecle_id="1001", last_name="MARTIN", first_name="Lina")
    lina = ent_row("E1", "Élève", "MARTIN", "Lina", siecle="1001", code="AB12")
    teacher = ent_row("T1", "Enseignant", "DUPONT", "Anne")
    apply(world, "ent-comptes", ent_accounts([lina, teacher]))
    week = ConnectionWeek.objects.create(
        school=world.college,
        person_key="T1",
        profile="enseignant",
        week_start="2026-03-02",
        connections=3,
        account=Account.objects.get(external_id="T1"),
    )
    before = school_state(world.college)
    activated = ent_row("E1", "Élève", "MARTIN", "Lina", siecle="1001")
    second = apply(world, "ent-comptes", ent_accounts([activated]))
    assert not Account.objects.filter(external_id="T1").exists()
    week.refresh_from_db()
    assert week.account is None
    revert_import(second, world["chef.college"])
    assert school_state(world.college) == before
    week.refresh_from_db()
    assert week.account.external_id == "T1"
