"""``pilote import connexions`` streams the log from disk: the 50 MB limit of web uploads does
not apply to it, while a file of another kind above the limit is still refused untouched."""

from datetime import date

import pytest
from django.core.management import call_command

from pilote.inventory.models import Equipment
from pilote.usage.models import ConnectionWeek
from tests.usage.files import csv_bytes

ROWS = [
    ["2026-03-02 08:00:00", "u1", "Élève", "Pronote"],
    ["2026-03-03 08:00:00", "u1", "Élève", "Pronote"],
    ["2026-03-10 08:00:00", "p7", "Parent", "ENT"],
]


def test_cli_streams_a_log_larger_than_the_upload_limit(world, tmp_path, settings, capsys):
    path = tmp_path / "journal.csv"
    path.write_bytes(csv_bytes(["timestamp", "user_id", "profil", "service"], ROWS * 50))
    settings.PILOTE_IMPORT_MAX_BYTES = 1000
    assert path.stat().st_size > settings.PILOTE_IMPORT_MAX_BYTES
    call_command("import", "connexions", str(path), "--school", world.college.uai, "--apply")
    assert "2 créés" in capsys.readouterr().out
    weeks = dict(ConnectionWeek.objects.values_list("person_key", "connections"))
    assert weeks == {"u1": 100, "p7": 50}
    assert ConnectionWeek.objects.get(person_key="p7").week_start == date(2026, 3, 9)
    assert ConnectionWeek.history.count() == 2


def test_cli_refuses_other_files_above_the_limit(world, tmp_path, settings, capsys):
    path = tmp_path / "parc.csv"
    path.write_bytes(b"n inventaire;categorie\n" + b"X;Portable\n" * 200)
    settings.PILOTE_IMPORT_MAX_BYTES = 1000
    with pytest.raises(SystemExit):
        call_command("import", "inventaire", str(path), "--school", world.college.uai, "--apply")
    assert "taille maximale admise (0 Mo)" in capsys.readouterr().err
    assert not Equipment.objects.exists()
