"""« Annuler cet import » for the inventory (Pilote's template and GLPI): devices, rooms and
classe mobile contents are put back exactly as they were."""

import pytest

from pilote.core.importing import run_import
from pilote.core.revert import revert_import
from pilote.inventory.importers.glpi import GlpiImporter
from pilote.inventory.importers.inventaire import InventoryImporter
from pilote.inventory.models import Equipment, Room
from tests.core.dbstate import school_state

from .test_import import GLPI, GOOD, HEADER

pytestmark = pytest.mark.django_db


def apply(world, cls, content: str, name="parc.csv"):
    importer = cls(school=world.college, user=world["chef.college"])
    report = run_import(importer, content.encode(), name, apply=True)
    assert report.applied, report.parsed.errors
    return report.batch


def test_inventory_import_is_reverted(world):
    apply(world, InventoryImporter, GOOD)
    before = school_state(world.college)
    second = apply(
        world,
        InventoryImporter,
        HEADER + "TAB-1;T1;Tablette;Apple;iPad Air;Salle 202;B;Salle de classe;Offre nationale;"
        "2022-09-01;329;En panne;\n" + "PC-9;P9;Portable;Dell;Latitude;;;;;;;;\n",
    )
    assert Equipment.objects.get(inventory_number="TAB-1").cart is None
    assert Room.objects.filter(name="Salle 202").exists()
    revert_import(second)
    assert school_state(world.college) == before
    tablet = Equipment.objects.get(inventory_number="TAB-1")
    assert (tablet.model, tablet.cart.inventory_number, tablet.room.name) == (
        "iPad",
        "CM-1",
        "Salle 101",
    )
    assert not Equipment.objects.filter(inventory_number="PC-9").exists()


def test_glpi_import_is_reverted_to_an_empty_inventory(world):
    before = school_state(world.college)
    batch = apply(world, GlpiImporter, GLPI, "glpi.csv")
    assert Equipment.objects.filter(school=world.college).count() == 3
    revert_import(batch)
    assert school_state(world.college) == before
