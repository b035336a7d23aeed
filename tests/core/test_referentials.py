"""Referentials read one way (``core.referentials``): schema beside each file, checked when
Pilote starts, errors that name the file, the line and the field."""

import shutil
from pathlib import Path

import pytest
from django.core.checks.registry import registry as checks

from pilote.core.modules import pilote_modules
from pilote.core.referentials import ReferentialError, check_referentials, read, schema_path

PILOTE = Path(__file__).resolve().parents[2] / "pilote"


def test_every_referential_matches_its_schema_and_the_check_runs_at_start_up():
    assert check_referentials() == []
    assert check_referentials in checks.get_checks()


def test_every_yaml_file_of_a_module_is_declared_and_has_a_schema():
    declared = {
        Path(module.path) / "referentials" / name
        for module in pilote_modules()
        for name in module.referentials
    }
    shipped = {
        path
        for path in PILOTE.glob("*/referentials/*.yaml")
        if not path.name.endswith(".schema.yaml")
    }
    assert declared == shipped
    assert all(schema_path(path).exists() for path in shipped)


def copy_of(tmp_path, app: str, name: str) -> Path:
    for file in (name, name.replace(".yaml", ".schema.yaml")):
        shutil.copy(PILOTE / app / "referentials" / file, tmp_path / file)
    return tmp_path / name


def test_a_wrong_value_names_the_file_the_line_and_the_field(tmp_path):
    path = copy_of(tmp_path, "support", "delais.yaml")
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, start=1) if line.strip().startswith("reseau:"))
    path.write_text(
        path.read_text(encoding="utf-8").replace("reseau: 2", "reseau: deux"), encoding="utf-8"
    )
    with pytest.raises(ReferentialError) as error:
        read(path)
    assert str(error.value) == (
        f"{path}, ligne {number}, champ « delais.reseau » : un nombre entier attendu, lu : 'deux'"
    )


def test_a_misspelt_field_is_refused(tmp_path):
    path = copy_of(tmp_path, "missions", "missions.yaml")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    axis:", "    axe:", 1), encoding="utf-8")
    with pytest.raises(ReferentialError, match=r"champ « missions\.0 » : champ"):
        read(path)


def test_unreadable_yaml_says_where(tmp_path):
    path = copy_of(tmp_path, "support", "delais.yaml")
    path.write_text('version: "1"\ndelais: [\n', encoding="utf-8")
    with pytest.raises(ReferentialError, match=r"ligne \d+ : YAML illisible"):
        read(path)
