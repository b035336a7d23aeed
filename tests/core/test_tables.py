"""django-tables2 asks which arguments a cell's method takes once per function, not per cell."""

import inspect

from django_tables2 import utils as tables_utils

from pilote.core import tables


class Row:
    def value_label(self, record, value):
        return value

    @classmethod
    def of_class(cls, value):
        return value

    @staticmethod
    def static(record):
        return record


def everything(value, **kwargs):
    return value


def test_the_cached_signature_answers_as_django_tables2_does():
    for fn in (Row().value_label, Row.of_class, Row().static, everything, Row.value_label):
        assert tables.cached_signature(fn) == tables._inspect_signature(fn), fn
    assert tables_utils.signature is tables.cached_signature


def test_a_method_is_inspected_once_whatever_the_row(monkeypatch):
    calls = []
    original = inspect.signature

    def counting(fn, **kwargs):
        calls.append(fn)
        return original(fn, **kwargs)

    tables._function_signature.cache_clear()
    monkeypatch.setattr(inspect, "signature", counting)
    for _ in range(100):
        assert tables_utils.call_with_appropriate(Row().value_label, {"value": 3, "record": 1}) == 3
    assert len(calls) == 1


def test_a_cell_drawn_by_a_template_does_not_run_the_context_processors_again(
    client, world, monkeypatch
):
    """django-tables2 rendered each template cell with the request: every context processor
    (menus, memberships…) ran again for each cell, 170 ms for a catalogue of 100 services."""
    from django.template import engines

    from tests.catalogue.factories import ServiceFactory

    ServiceFactory.create_batch(30, school=world.college)
    engine = engines["django"].engine
    runs = []

    def counting(request):
        runs.append(request.path)
        return {}

    processors = (*engine.template_context_processors, counting)
    monkeypatch.setattr(engine, "template_context_processors", processors)
    client.force_login(world["chef.college"])
    page = client.get(f"/etablissements/{world.college.uai}/services/catalogue/")
    assert page.status_code == 200
    # The cells still have the page's context: the buttons of a row post with the CSRF token.
    assert page.content.decode().count('name="csrfmiddlewaretoken"') >= 30
    assert len(runs) <= 2, len(runs)


def test_a_date_column_is_compiled_once_not_once_a_cell(client, world, monkeypatch):
    """django-tables2 compiled the template code of a date column (``{{ value|date:… }}``)
    again for every cell: 0.5 ms a cell."""
    from django.template.base import Template

    from tests.support.factories import SupportRequestFactory

    client.force_login(world["chef.college"])
    page = f"/etablissements/{world.college.uai}/assistance/"
    compiled = []
    original = Template.compile_nodelist
    monkeypatch.setattr(
        Template, "compile_nodelist", lambda self: compiled.append(1) or original(self)
    )

    def compilations_for_a_list_of(rows: int) -> int:
        SupportRequestFactory.create_batch(rows, school=world.college)
        assert client.get(page).status_code == 200  # the page's templates, cached
        compiled.clear()
        assert client.get(page).content.decode().count("<tr") > rows
        return len(compiled)

    assert compilations_for_a_list_of(10) == compilations_for_a_list_of(20)
