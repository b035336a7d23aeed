"""DEVELOPERS.md's « Où trouver quoi » must stay true line by line (issue 14).

A newcomer follows the guide by name: every function, class, template or file it names in
backquotes must exist where it says. A rename that forgets the guide fails here instead of
sending the next reader to a name that is gone.
"""

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from pilote.core.modules import pilote_modules

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "DEVELOPERS.md"


def quoted_names() -> list[str]:
    """The inline code spans of the guide (fenced examples left out: they are prose)."""
    text = re.sub(r"```.*?```", "", GUIDE.read_text(encoding="utf-8"), flags=re.S)
    return re.findall(r"`([^`\n]+)`", text)


def app_labels() -> set[str]:
    return {module.label for module in pilote_modules()}


def dotted_references() -> list[str]:
    """``core.mixins.SchoolMixin``, ``pilote.pilotage.actions.create_action(…)``: the names
    of Pilote's own code (a call's arguments and a bare attribute of ``self`` are not)."""
    pattern = re.compile(r"(?<![\w.])(?:pilote\.)?(\w+)((?:\.\w+)+)")
    return sorted(
        {
            f"pilote.{app}{rest}"
            for span in quoted_names()
            for app, rest in pattern.findall(span)
            if app in app_labels()
        }
    )


def template_references() -> list[str]:
    return sorted(
        {name for span in quoted_names() for name in re.findall(r"\w+/[\w/]+\.html", span)}
    )


def file_references() -> list[str]:
    """``tests/core/test_modules.py``, ``catalogue/perms.py``: files the guide points at."""
    return sorted(
        {
            name
            for span in quoted_names()
            for name in re.findall(r"(?<![\w<>/])[\w.-]+/[\w./-]+\.(?:py|yaml)", span)
        }
    )


def exists(reference: str) -> bool:
    """Whether a dotted name designates something: a module, then attributes of it; or a
    model named by its app label (``core.TableColumns``)."""
    parts = reference.split(".")
    for cut in range(len(parts), 1, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            if not hasattr(target, name):
                break
            target = getattr(target, name)
        else:
            return True
        break
    app_label, _, model = reference.removeprefix("pilote.").partition(".")
    try:
        apps.get_model(app_label, model)
    except (LookupError, ValueError):
        return False
    return True


def test_the_guide_names_code_templates_and_files():
    # The extraction itself must find the guide's references, or the tests below prove nothing.
    assert "pilote.core.mixins.SchoolMixin" in dotted_references()
    assert "core/pdf_base.html" in template_references()
    assert "tests/core/test_modules.py" in file_references()


@pytest.mark.parametrize("reference", dotted_references())
def test_every_name_of_the_guide_exists(reference):
    assert exists(reference), f"DEVELOPERS.md cite {reference}, introuvable"


@pytest.mark.parametrize("name", template_references())
def test_every_template_of_the_guide_exists(name):
    try:
        get_template(name)
    except TemplateDoesNotExist:
        pytest.fail(f"DEVELOPERS.md cite le gabarit {name}, introuvable")


@pytest.mark.parametrize("name", file_references())
def test_every_file_of_the_guide_exists(name):
    assert (ROOT / name).exists() or (ROOT / "pilote" / name).exists(), (
        f"DEVELOPERS.md cite le fichier {name}, introuvable"
    )
