"""Inventory imports: Pilote's template and GLPI, through core's web pipeline and the CLI."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from pilote.core.importing import run_import
from pilote.core.models import ImportBatch, ImportStatus
from pilote.inventory.choices import Category, EquipmentStatus, Origin
from pilote.inventory.importers.glpi import GlpiImporter
from pilote.inventory.importers.inventaire import InventoryImporter, template_xlsx
from pilote.inventory.models import Equipment, Room

from .factories import EquipmentFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "n° d'INVENTAIRE;Numero de serie;categorie;Marque;Modèle;Salle;Batiment;Type de salle;"
    "Origine;Date d'acquisition;Coût;État;Classe mobile\n"
)
GOOD = (
    HEADER + "CM-1;CART1;Classe mobile;Ergotron;Zip;Salle 101;A;Salle de classe;Collectivité;"
    "01/09/2022;1 200,00;En service;\n"
    + "TAB-1;T1;Tablette;Apple;iPad;Salle 101;A;Salle de classe;Offre nationale;"
    "2022-09-01;329;en_service;CM-1\n" + ";T2;tablette;Apple;iPad;;;;;;;En panne;CM-1\n"
)
BAD = (
    HEADER
    + "X-1;S1;Grille-pain;;;;;;;;;;\n"
    + "X-2;S2;Portable;;;;;;;31/02/2024;;;\n"
    + ";;Portable;;;;;;;;;;\n"
    + "X-3;S3;Portable;;;;;;;;abc;;\n"
    + "X-4;S4;Portable;;;;;;;;;;CM-404\n"
)


def importer(world, cls=InventoryImporter):
    return cls(school=world.college, user=world["chef.college"])


def test_template_import_creates_then_changes_nothing(world):
    report = run_import(importer(world), GOOD.encode(), "parc.csv", apply=True)
    assert not report.parsed.errors
    assert report.diff.counts["created"] == 4  # one room, three devices
    cart = Equipment.objects.get(inventory_number="CM-1")
    assert set(cart.cart_contents.values_list("serial_number", flat=True)) == {"T1", "T2"}
    tablet = Equipment.objects.get(serial_number="T1")
    assert tablet.origin == Origin.NATIONAL and tablet.lifetime_years == 5
    assert tablet.room.name == "Salle 101" and tablet.history.exists()
    assert Equipment.objects.get(serial_number="T2").status == EquipmentStatus.EN_PANNE
    assert cart.cost == 1200
    again = run_import(importer(world), GOOD.encode(), "parc.csv", apply=True)
    assert again.diff.counts == {"created": 0, "updated": 0, "unchanged": 3, "left": 0}
    assert Room.objects.count() == 1


def test_template_import_updates_by_inventory_number_then_serial(world):
    EquipmentFactory(school=world.college, inventory_number="TAB-1", serial_number="OLD")
    EquipmentFactory(school=world.college, inventory_number="", serial_number="T2")
    report = run_import(importer(world), GOOD.encode(), "parc.csv", apply=True)
    assert report.diff.counts["created"] == 2  # the room and the cart
    assert report.diff.counts["updated"] == 2
    assert Equipment.objects.count() == 3
    assert Equipment.objects.get(inventory_number="TAB-1").serial_number == "T1"


def test_every_bad_line_is_listed_and_nothing_written(world):
    report = run_import(importer(world), BAD.encode(), "parc.csv", apply=True)
    messages = [str(e) for e in report.parsed.errors]
    assert any(m.startswith("ligne 2") and "Grille-pain" in m for m in messages)
    assert any(m.startswith("ligne 3") and "31/02/2024" in m for m in messages)
    assert any(m.startswith("ligne 4") and "ni numéro" in m for m in messages)
    assert any(m.startswith("ligne 5") and "abc" in m for m in messages)
    assert any(m.startswith("ligne 6") and "CM-404" in m for m in messages)
    assert not report.applied
    assert not Equipment.objects.exists()


def test_file_without_category_column_is_refused(world):
    report = run_import(importer(world), b"Nom;Prix\na;1\n", "x.csv", apply=False)
    assert "Catégorie" in str(report.parsed.errors[0])


def test_xlsx_template_imports_its_example_line(world):
    report = run_import(importer(world), template_xlsx(), "modele.xlsx", apply=True)
    assert not report.parsed.errors
    device = Equipment.objects.get(inventory_number="COL-2024-0001")
    assert device.category == Category.PORTABLE and str(device.acquisition_date) == "2024-09-15"


GLPI = (
    '"Nom";"Entité";"Statut";"Fabricant";"Numéro de série";"Type";"Modèle";'
    '"Système d\'exploitation - Nom";"Lieu";"Dernière modification";"Numéro d\'inventaire"\n'
    '"PC-CDI-01";"Collège";"En production";"HP";"CZC111";"Desktop";"ProDesk 400";'
    '"Windows 11";"Collège > Bâtiment B > CDI";"2025-01-10 10:00";""\n'
    '"PORT-07";"Collège";"Hors service";"Lenovo";"PF222";"Portable";"ThinkPad";'
    '"Ubuntu";"";"2025-01-10 10:00";"COL-0007"\n'
    '"BIZARRE";"Collège";"Statut maison";"Acer";"AC333";"Borne";"X";"";"";"";""\n'
)


def test_glpi_export(world):
    report = run_import(
        importer(world, GlpiImporter), GLPI.encode("utf-8-sig"), "glpi.csv", apply=True
    )
    assert not report.parsed.errors
    warnings = [str(w) for w in report.parsed.warnings]
    assert any("ligne 4" in w and "Borne" in w for w in warnings)
    assert any("ligne 4" in w and "Statut maison" in w for w in warnings)
    desktop = Equipment.objects.get(serial_number="CZC111")
    assert desktop.category == Category.POSTE_FIXE
    assert (desktop.room.building, desktop.room.name) == ("Bâtiment B", "CDI")
    laptop = Equipment.objects.get(inventory_number="COL-0007")
    assert laptop.category == Category.PORTABLE and laptop.status == EquipmentStatus.EN_PANNE
    laptop.lifetime_years = 6
    laptop.origin = Origin.LOCAL
    laptop.save()
    again = run_import(importer(world, GlpiImporter), GLPI.encode(), "glpi.csv", apply=True)
    assert again.diff.counts["unchanged"] == 3
    laptop.refresh_from_db()
    assert (laptop.lifetime_years, laptop.origin) == (6, Origin.LOCAL)


def test_glpi_refuses_another_file(world):
    report = run_import(importer(world, GlpiImporter), HEADER.encode(), "x.csv", apply=False)
    assert "GLPI" in str(report.parsed.errors[0])


# --- Core's web import flow, with the inventory importer ---------------------------------


def upload(client, world, content: bytes, name="parc.csv", kind="inventaire"):
    return client.post(
        f"/etablissements/{world.college.uai}/imports/nouveau/{kind}/",
        {"file": SimpleUploadedFile(name, content)},
    )


def test_web_upload_preview_then_apply(client, world):
    client.force_login(world["chef.college"])
    response = upload(client, world, GOOD.encode())
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert not Equipment.objects.exists()
    preview = client.get(response["Location"]).content.decode()
    assert "Rien n'est encore écrit" in preview
    client.post(response["Location"], {"decision": "apply"})
    batch.refresh_from_db()
    assert batch.status == ImportStatus.APPLIED and batch.content is None
    assert Equipment.objects.count() == 3
    response = upload(client, world, GOOD.encode())
    client.post(response["Location"], {"decision": "apply"})
    assert ImportBatch.objects.first().summary["unchanged"] == 3
    assert Equipment.objects.count() == 3


def test_web_cancel_writes_nothing(client, world):
    client.force_login(world["chef.college"])
    response = upload(client, world, GOOD.encode())
    client.post(response["Location"], {"decision": "cancel"})
    assert ImportBatch.objects.get().status == ImportStatus.CANCELLED
    assert not Equipment.objects.exists() and not Room.objects.exists()


def test_web_bad_file_is_refused_with_every_error(client, world):
    client.force_login(world["chef.college"])
    response = upload(client, world, BAD.encode())
    assert response.status_code == 400
    page = response.content.decode()
    assert "rien n&#x27;a été enregistré" in page or "rien n'a été enregistré" in page
    assert "ligne 2" in page and "ligne 6" in page
    # Nothing written but the refusal itself, kept in the history with its reason.
    assert not Equipment.objects.exists()
    assert ImportBatch.objects.get().status == ImportStatus.REFUSED


def test_web_oversized_file_is_refused(client, world, settings):
    settings.PILOTE_IMPORT_MAX_BYTES = 100
    client.force_login(world["chef.college"])
    response = upload(client, world, GOOD.encode())
    assert response.status_code == 400
    assert "taille maximale" in response.content.decode()
    assert not Equipment.objects.exists()


def test_web_import_needs_the_edit_right(client, world):
    client.force_login(world["prof.college"])
    assert upload(client, world, GOOD.encode()).status_code == 403
    assert not Equipment.objects.exists()


def test_cli_import(world, tmp_path):
    path = tmp_path / "glpi.csv"
    path.write_text(GLPI, encoding="utf-8")
    out = io.StringIO()
    call_command(
        "import",
        "glpi",
        str(path),
        "--school",
        world.college.uai,
        "--apply",
        "--format",
        "json",
        stdout=out,
    )
    result = json.loads(out.getvalue())
    assert result["created"] == 4 and result["applied"]
    assert Equipment.objects.count() == 3
