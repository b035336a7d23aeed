"""« Annuler cet import »: what an applied import created, changed or marked is put back,
unless a later import of the same kind was applied since; journaled; page and CLI."""

import json

import pytest
from django.core.management import call_command

from pilote.core.importing import get_importer, run_import
from pilote.core.models import ImportBatch, ImportStatus, JournalEntry
from pilote.core.revert import RevertRefused, revert_import
from pilote.schooldata.models import Division, Pupil
from pilote.usage.models import Account
from tests.schooldata import xml
from tests.usage.files import ent_accounts, ent_row


def pupils_file(ids, division="6 A", moved=()) -> bytes:
    return xml.pupils_file(
        [xml.pupil(i, f"NOM{i}", "Léa") for i in ids],
        [xml.structures(i, ("5 B" if i in moved else division, "D")) for i in ids],
    )


def siecle(world, content, **kwargs):
    importer = get_importer("siecle")(school=world.college, user=world["chef.college"])
    report = run_import(importer, content, "ElevesSansAdresses.xml", apply=True, **kwargs)
    assert report.applied, report.parsed.errors
    return report.batch


FIRST = [str(5000 + n) for n in range(30)]


def state(world) -> list:
    return sorted(
        Pupil.objects.filter(school=world.college).values_list(
            "siecle_id", "is_active", "division__code", "last_name"
        )
    )


@pytest.fixture
def two_imports(world):
    siecle(world, pupils_file(FIRST))
    before = state(world)
    # Two pupils kept (one moved to 5 B), one new, 28 marked left.
    second = siecle(
        world, pupils_file([FIRST[0], FIRST[1], "6000"], moved={FIRST[1]}), accept_removals=True
    )
    assert Pupil.objects.active().filter(school=world.college).count() == 3
    return before, second


def test_revert_puts_back_created_changed_and_left_pupils(world, two_imports):
    before, second = two_imports
    counts = revert_import(second, world["chef.college"])
    assert state(world) == before
    # Deleted: the new pupil, the division « 5 B » and the record of the SIECLE export.
    assert counts == {"restored": 29, "deleted": 3}
    assert not Division.objects.filter(school=world.college, code="5 B").exists()
    second.refresh_from_db()
    assert second.status == ImportStatus.REVERTED and second.reverted_by == world["chef.college"]
    entry = JournalEntry.objects.filter(action="import_reverted").get()
    assert entry.school == world.college and "ElevesSansAdresses.xml" in entry.summary


def test_only_the_latest_import_of_a_kind_can_be_reverted(world, two_imports):
    first = ImportBatch.objects.filter(school=world.college).order_by("pk").first()
    current = state(world)
    with pytest.raises(RevertRefused, match="plus récent"):
        revert_import(first)
    assert state(world) == current
    assert ImportBatch.objects.get(pk=first.pk).status == ImportStatus.APPLIED
    _, second = two_imports
    revert_import(second)
    with pytest.raises(RevertRefused, match="déjà été annulé"):
        revert_import(ImportBatch.objects.get(pk=second.pk))


def test_revert_of_ent_accounts_brings_deleted_accounts_back(world):
    siecle(world, pupils_file(FIRST[:12]))
    rows = [ent_row(f"E{i}", "Élève", f"NOM{i}", "Léa", siecle=i) for i in FIRST[:12]]
    importer = get_importer("ent-comptes")
    run_import(importer(school=world.college), ent_accounts(rows), "export.csv", apply=True)
    before = sorted(Account.objects.values_list("external_id", "pupil_id", "is_activated"))
    rows[0][7] = "CODE"  # E5000 no longer activated
    report = run_import(
        importer(school=world.college),
        ent_accounts(rows[:1]),
        "export.csv",
        apply=True,
        accept_removals=True,
    )
    assert Account.objects.count() == 1
    revert_import(report.batch)
    assert sorted(Account.objects.values_list("external_id", "pupil_id", "is_activated")) == (
        before
    )


def test_page_offers_the_way_back_to_who_may_apply(client, world, two_imports):
    _, second = two_imports
    url = f"/etablissements/{world.college.uai}/imports/{second.pk}/"
    current = state(world)
    client.force_login(world["prof.college"])
    assert client.post(url + "annuler/").status_code == 403
    client.force_login(world["chef.lycee"])
    assert client.post(url + "annuler/").status_code in (403, 404)
    assert state(world) == current
    client.force_login(world["chef.college"])
    page = client.get(url).content.decode()
    assert "Annuler cet import" in page
    response = client.post(url + "annuler/")
    assert response.status_code == 302
    assert Pupil.objects.active().filter(school=world.college).count() == 30
    again = client.post(url + "annuler/")
    assert again.status_code == 400 and "déjà été annulé" in again.content.decode()


def test_cli_lists_and_reverts(world, two_imports, capsys):
    _, second = two_imports
    call_command("imports", "--school", world.college.uai, "--format", "json")
    rows = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["revertible"]) for r in rows][:2] == [
        (second.pk, True),
        (rows[1]["id"], False),
    ]
    assert rows[0]["summary"]["left"] == 28
    call_command("imports", "--school", world.college.uai, "--annuler", str(second.pk))
    assert "annulé" in capsys.readouterr().out
    assert Pupil.objects.active().filter(school=world.college).count() == 30
    with pytest.raises(SystemExit):
        call_command("imports", "--school", world.college.uai, "--annuler", str(second.pk))
