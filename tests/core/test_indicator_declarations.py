"""Indicators described in each module's ``indicateurs.yaml`` (``core.metrics.declared``),
checked against core's one schema."""

from pathlib import Path

import pytest
import yaml

from pilote.core.choices import Domain
from pilote.core.metrics import Unit, declared, registry
from pilote.core.referentials import ReferentialError, read, schema_path
from pilote.schooldata.quality import DEFAULT_FRESHNESS_DAYS

PILOTE = Path(__file__).resolve().parents[2] / "pilote"
SCHEMA = PILOTE / "core" / "referentials" / "indicateurs.schema.yaml"


def test_every_module_s_indicators_file_uses_core_s_one_schema():
    files = sorted(PILOTE.glob("*/referentials/indicateurs.yaml"))
    assert len(files) == 12
    assert {schema_path(path) for path in files} == {SCHEMA}


def test_the_schema_knows_every_domain_and_unit():
    item = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))["properties"]["indicators"]["items"]
    assert item["properties"]["domain"]["enum"] == list(Domain.values)
    assert item["properties"]["unit"]["enum"] == list(Unit.values)


def test_every_declared_indicator_is_registered_once_with_its_file_s_values():
    codes = [indicator.code for indicator in registry.indicators()]
    assert len(codes) == len(set(codes))
    usage = declared("usage")
    assert [code for code in codes if code.startswith("usages.")] == list(usage)
    assert registry.by_code["usages.activation_eleves"] == usage["usages.activation_eleves"]


def test_a_description_quotes_the_constant_of_the_code():
    stale = registry.by_code["commission.decisions_sans_suite"]
    assert stale.description.startswith("Décisions de plus de 90 jours")
    fresh = registry.by_code["donnees.fraicheur_siecle"]
    assert f"Au-delà de {DEFAULT_FRESHNESS_DAYS} jours" in fresh.description
    assert (fresh.watch, fresh.alert) == (DEFAULT_FRESHNESS_DAYS, 2 * DEFAULT_FRESHNESS_DAYS)


def test_a_detail_for_an_undeclared_code_is_refused():
    with pytest.raises(ValueError, match=r"usages\.inconnu"):
        declared("usage", {"usages.inconnu": lambda school: []})


def test_a_misspelt_threshold_names_the_file_the_line_and_the_field(tmp_path):
    path = tmp_path / "indicateurs.yaml"
    original = (PILOTE / "missions" / "referentials" / "indicateurs.yaml").read_text("utf-8")
    path.write_text(original.replace("    alert: 3\n", "    alerte: 3\n", 1), encoding="utf-8")
    expected = r"ligne \d+, champ « indicators\.0 » : champ inconnu : alerte"
    with pytest.raises(ReferentialError, match=expected):
        read(path)
