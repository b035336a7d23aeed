"""The equipment survey imported from a table (CSV or XLSX), one line per division."""

import html

from django.core.files.uploadedfile import SimpleUploadedFile

from pilote.continuity.models import EquipmentSurvey
from pilote.core.importing import get_importer, run_import
from pilote.core.revert import revert_import
from pilote.schooldata.models import Division
from tests.continuity.factories import EquipmentSurveyFactory
from tests.continuity.test_readiness import load_siecle_class
from tests.core.dbstate import school_state
from tests.usage.files import csv_bytes

HEADER = ["Classe", "Sans équipement", "Sans connexion"]


def surveys() -> dict[str, tuple[int, int]]:
    return {
        code: (device, connection)
        for code, device, connection in EquipmentSurvey.objects.values_list(
            "division__code", "without_device", "without_connection"
        )
    }


def importer(world):
    return get_importer("continuite-recensement")(school=world.college, user=world["chef.college"])


def test_a_survey_table_updates_the_divisions_it_names_and_can_be_undone(world):
    load_siecle_class(world.college)
    b = Division.objects.get(school=world.college, code="4 B")
    EquipmentSurveyFactory(school=world.college, division=b, without_device=1)
    before = school_state(world.college)
    content = csv_bytes(HEADER, [["4a", "2", "1.0"]])  # code written otherwise, count « 1.0 »

    report = run_import(importer(world), content, "enquete.csv", apply=True)

    assert report.applied, report.parsed.errors
    assert surveys() == {"4 A": (2, 1), "4 B": (1, 0)}, "4 B, absente du fichier, est gardée"
    again = run_import(importer(world), content, "enquete.csv", apply=False)
    assert again.diff.counts == {"created": 0, "updated": 0, "unchanged": 1, "left": 0}
    revert_import(report.batch, world["chef.college"])
    assert school_state(world.college) == before


def test_a_count_above_the_headcount_or_an_unknown_division_refuses_the_file(client, world):
    load_siecle_class(world.college)
    b = Division.objects.get(school=world.college, code="4 B")
    EquipmentSurveyFactory(school=world.college, division=b, without_device=1)
    client.force_login(world["adjoint.college"])
    content = csv_bytes(HEADER, [["4 B", "3", "0"], ["5 Z", "1", "1"], ["4 A", "0", "-1"]])

    response = client.post(
        f"/etablissements/{world.college.uai}/imports/nouveau/continuite-recensement/",
        {"file": SimpleUploadedFile("enquete.csv", content)},
    )

    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert "ligne 2, colonne « Sans équipement » : 3 élèves déclarés en 4 B, qui compte 2" in text
    assert "ligne 3, colonne « Classe » : la division « 5 Z » n'existe pas" in text
    assert "ligne 4, colonne « Sans connexion »" in text
    assert surveys() == {"4 B": (1, 0)}


def test_a_teacher_cannot_import_the_survey(client, world):
    load_siecle_class(world.college)
    client.force_login(world["prof.college"])
    response = client.post(
        f"/etablissements/{world.college.uai}/imports/nouveau/continuite-recensement/",
        {"file": SimpleUploadedFile("enquete.csv", csv_bytes(HEADER, [["4 A", "1", "0"]]))},
    )
    assert response.status_code == 403
    assert not EquipmentSurvey.objects.exists()
