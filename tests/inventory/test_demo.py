"""The demo inventory is realistic and leaves some gaps against the socle."""

import pytest

from pilote.core.demo import load_organisations
from pilote.inventory import demo
from pilote.inventory.choices import Category, EquipmentStatus
from pilote.inventory.models import Equipment
from pilote.inventory.socle import Outcome, compliance


@pytest.mark.django_db
def test_demo_inventory():
    context = load_organisations()
    demo.load(context)
    college = Equipment.objects.filter(school=context.college)
    lycee = Equipment.objects.filter(school=context.lycee)
    assert 300 <= college.count() <= 420
    assert 800 <= lycee.count() <= 1000
    assert college.filter(status=EquipmentStatus.REFORME).exists()
    assert college.filter(status=EquipmentStatus.EN_PANNE).exists()
    cart = college.filter(category=Category.CLASSE_MOBILE).first()
    assert cart.cart_contents.count() == 16
    assert set(college.values_list("origin", flat=True)) == {"national", "collectivite", "local"}
    report = compliance([context.college])[context.college.pk]
    outcomes = {r.item.id: r.outcome for r in report.results}
    assert outcomes["affichage-collectif"] == Outcome.NOT_MET
    assert outcomes["cablage-salles-classe"] == Outcome.NOT_MET
    assert outcomes["protection-acces"] == Outcome.MET
