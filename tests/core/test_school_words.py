"""Words that fit the school: a collège's head never reads « terminales » (issue #20)."""

import pytest

from pilote.core.metrics import registry

pytestmark = pytest.mark.django_db


def test_an_indicator_is_named_in_the_words_of_the_school_type(client, world):
    certified = registry.by_code["pix.certifies"]
    assert certified.label_for(world.college) == "Élèves de 3e certifiés Pix"
    assert certified.label_for(world.lycee) == "Élèves de terminale certifiés Pix"
    assert "collège" in certified.label_for(None) and "lycée" in certified.label_for(None)

    client.force_login(world["chef.college"])
    college = client.get(f"/etablissements/{world.college.uai}/indicateurs/").content.decode()
    assert "Élèves de 3e certifiés Pix" in college
    assert "terminale" not in college
    detail = client.get(f"/etablissements/{world.college.uai}/indicateurs/pix.certifies/")
    assert "<h1>Élèves de 3e certifiés Pix</h1>" in detail.content.decode()

    client.force_login(world["chef.lycee"])
    lycee = client.get(f"/etablissements/{world.lycee.uai}/indicateurs/").content.decode()
    assert "Élèves de terminale certifiés Pix" in lycee
    assert "Élèves de 3e" not in lycee


def test_a_socle_rule_names_a_kind_of_service_by_its_label_not_its_code():
    from types import SimpleNamespace

    from pilote.inventory.socle import SchoolFacts, _service_in_use

    item = SimpleNamespace(rule={"type_service": "vie_scolaire"})
    _, _, expected, _ = _service_in_use(item, SchoolFacts(service_kinds=set()))
    assert expected == "un service de type « Vie scolaire » en service"
    assert "vie_scolaire" not in expected
