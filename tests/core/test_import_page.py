"""The Imports page a head reads without a manual (issue #20): importers grouped by where the
file comes from with where to download it and the last import; repeated errors shown once;
the history names each import in French."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pilote.continuity.models import EquipmentSurvey
from pilote.core.importing import group_issues
from pilote.core.models import ImportBatch, ImportStatus


@pytest.fixture
def head(client, world):
    client.force_login(world["chef.college"])
    return client


def test_repeated_errors_are_grouped_with_their_first_lines():
    issues = [f"ligne {n}, colonne « Date » : date illisible" for n in range(2, 46)]
    issues += ["ligne 50 : division inconnue", "Le fichier n'a pas de colonne « Nom »."]
    groups = group_issues(issues)
    assert [str(g) for g in groups] == [
        "44 lignes, colonne « Date » : date illisible (lignes 2, 3, 4, 5, 6…)",
        "ligne 50 : division inconnue",
        "Le fichier n'a pas de colonne « Nom ».",
    ]
    assert [g.count for g in groups] == [44, 1, 1]


def test_imports_are_grouped_by_where_the_file_comes_from(head, world):
    ImportBatch.objects.create(
        school=world.college,
        kind="siecle",
        filename="ElevesSansAdresses.zip",
        status=ImportStatus.APPLIED,
        summary={"created": 412, "updated": 0, "unchanged": 0, "left": 0},
        decided_at=timezone.make_aware(timezone.datetime(2026, 11, 3, 9, 0)),
    )
    response = head.get(f"/etablissements/{world.college.uai}/imports/")
    page = response.content.decode()
    sources = [group["source"].label for group in response.context["sources"]]
    assert sources[:2] == ["SIECLE (base élèves)", "STS-web"]
    assert {"ENT", "Pix Orga", "GLPI / inventaire du parc", "ÉduConnect"} <= set(sources)
    assert "Scolarité du 2nd degré &gt; Consultation et export &gt; Exportations" in page
    assert "dernier import le 03/11/2026" in page
    assert "jamais importé" in page
    # The history names the import, not its code.
    assert "<td>SIECLE (élèves, responsables, structures, nomenclatures)</td>" in page
    assert "<td>siecle</td>" not in page


def test_a_file_with_the_same_error_on_every_line_shows_it_once(head, world):
    rows = "\n".join("6 Z;1;0" for _ in range(12))
    upload = SimpleUploadedFile(
        "recensement.csv",
        f"Division;Élèves sans équipement;Élèves sans connexion\n{rows}\n".encode(),
    )
    url = f"/etablissements/{world.college.uai}/imports/nouveau/continuite-recensement/"
    response = head.post(url, {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert "12 erreurs à corriger" in page
    assert "12 lignes, colonne « Division » : la division « 6 Z » n&#x27;existe pas" in page
    assert "(lignes 2, 3, 4, 5, 6…)" in page
    assert not EquipmentSurvey.objects.exists()
