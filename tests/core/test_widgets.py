"""Widgets a person expects (issue #20): type-ahead on long lists, checkboxes rather than
Ctrl + clic, the browser's date picker, a required list without an empty answer, filters that
start on « Tous », form pages titled and buttoned in plain French."""

import re

import django_filters
import pytest
from django import forms
from django.conf import settings
from django.contrib.staticfiles import finders

from pilote.bookings.forms import LoanForm, ResourceForm
from pilote.core.choices import JournalAction
from pilote.core.filtersets import PiloteFilterSet
from pilote.core.forms import PiloteForm
from pilote.core.models import JournalEntry
from tests.inventory.factories import EquipmentFactory, RoomFactory

pytestmark = pytest.mark.django_db


def select_of(html: str, name: str) -> str:
    match = re.search(rf'<select[^>]*name="{name}"[^>]*>.*?</select>', html, re.S)
    assert match, f"pas de liste « {name} »"
    return match.group(0)


def test_a_long_equipment_list_gets_type_ahead_and_says_what_each_device_is(world):
    cdi = RoomFactory(school=world.college, name="CDI")
    EquipmentFactory(school=world.college, inventory_number="PC-CDI-03", room=cdi)
    EquipmentFactory.create_batch(12, school=world.college)
    EquipmentFactory(school=world.lycee, inventory_number="LYC-01")  # another school's
    html = str(LoanForm(school=world.college))
    equipment = select_of(html, "equipment")
    assert 'data-pilote-search="un"' in equipment
    assert "PC-CDI-03 — Ordinateur portable Dell Latitude 3540, CDI" in equipment
    assert "LYC-01" not in equipment
    # Required: the empty answer is a placeholder that cannot be chosen.
    placeholder = r'<option value="" [^>]*disabled[^>]*hidden[^>]*>Choisir dans la liste'
    assert re.search(placeholder, equipment)
    assert "---------" not in equipment


def test_a_short_list_stays_a_plain_list(world):
    EquipmentFactory.create_batch(2, school=world.college)
    equipment = select_of(str(LoanForm(school=world.college)), "equipment")
    assert "data-pilote-search" not in equipment


def test_a_short_multi_choice_is_checkboxes_never_ctrl_click(world):
    html = str(ResourceForm(school=world.college))
    assert not re.search(r'<select[^>]*name="allowed_roles"', html)
    assert html.count('type="checkbox" name="allowed_roles"') >= 5
    assert "Ctrl" not in html


class LongMultiForm(PiloteForm):
    codes = forms.MultipleChoiceField(
        label="Indicateurs",
        choices=[(f"c{n}", f"Indicateur {n}") for n in range(30)],
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    day = forms.DateField(label="Jour")
    moment = forms.DateTimeField(label="Moment")


def test_a_long_multi_choice_is_a_searchable_list_and_dates_use_the_date_picker():
    html = str(LongMultiForm(initial={"day": "2026-12-07"}))
    codes = select_of(html, "codes")
    assert 'data-pilote-search="plusieurs"' in codes and "multiple" in codes
    assert 'size="6"' not in codes
    assert re.search(r'<input type="date" name="day"[^>]*value="2026-12-07"', html)
    assert '<input type="datetime-local" name="moment"' in html


def test_the_chosen_values_still_arrive_from_checkboxes_and_lists(world):
    form = ResourceForm(
        {
            "room": RoomFactory(school=world.college).pk,
            "allowed_roles": ["enseignant", "cpe"],
            "max_duration_minutes": 120,
            "horizon_days": 30,
            "requires_approval": "False",
            "is_active": "True",
        },
        school=world.college,
    )
    str(form)  # drawn first: the widget chosen at drawing time reads the same data
    assert form.is_valid(), form.errors
    assert form.cleaned_data["allowed_roles"] == ["enseignant", "cpe"]


class JournalYesNoFilter(PiloteFilterSet):
    action = django_filters.ChoiceFilter(label="Événement", choices=JournalAction.choices)
    protected = django_filters.BooleanFilter(label="Protégé", field_name="id", method="keep")

    class Meta(PiloteFilterSet.Meta):
        model = JournalEntry
        fields = ["action"]

    def keep(self, queryset, name, value):
        return queryset


def test_filters_start_on_tous():
    html = str(JournalYesNoFilter({}, queryset=JournalEntry.objects.none()).form)
    assert re.search(r'<option value="" selected>Tous</option>', select_of(html, "action"))
    assert re.search(r'<option value="unknown" selected>Tous</option>', html)
    assert "Inconnu" not in html


def test_a_form_page_is_titled_and_buttoned_in_plain_french(client, world):
    client.force_login(world["prof.college"])
    response = client.get("/etablissements/0449901Y/assistance/nouvelle/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Nouvelle demande d&#x27;assistance</h1>" in html
    assert re.search(r'<button class="fr-btn" type="submit">Envoyer la demande</button>', html)
    assert "Ajouter :" not in html


def test_type_ahead_is_a_static_file_under_the_strict_csp(client, world):
    """No inline script, no eval: the page loads two files of its own origin."""
    assert finders.find("pilote/vendor/tom-select/tom-select.complete.min.js")
    assert finders.find("pilote/vendor/tom-select/LICENSE")
    assert finders.find("pilote/widgets.js")
    client.force_login(world["chef.college"])
    html = client.get("/etablissements/0449901Y/reservations/prets/ajouter/").content.decode()
    assert re.search(r'<script src="/static/pilote/widgets.js" defer></script>', html)
    assert "unsafe-eval" not in str(settings.SECURE_CSP)


def forms_of_pilote() -> list[type[forms.BaseForm]]:
    """Every form class Pilote's modules define (imported with their ``forms`` modules)."""
    import importlib
    import pkgutil

    import pilote

    for module in pkgutil.walk_packages(pilote.__path__, "pilote."):
        if module.name.rsplit(".", 1)[-1] == "forms":
            importlib.import_module(module.name)
    found, todo = [], [forms.BaseForm]
    while todo:
        for subclass in todo.pop().__subclasses__():
            todo.append(subclass)
            if subclass.__module__.startswith("pilote."):
                found.append(subclass)
    return found


def test_every_date_or_time_of_every_form_gets_the_browser_picker():
    """No module writes its own date widget: every form drawing a date, a time or a moment is
    a ``PiloteForm``, whose fields all go through ``fit_widget``."""
    from pilote.core.forms import PiloteForm

    temporal = (forms.DateField, forms.TimeField, forms.DateTimeField)
    with_dates = [
        form
        for form in forms_of_pilote()
        if any(isinstance(field, temporal) for field in form.base_fields.values())
    ]
    assert len(with_dates) > 20
    assert [form for form in with_dates if not issubclass(form, PiloteForm)] == []
    for form in with_dates:
        for name, field in form.base_fields.items():
            if isinstance(field, temporal):
                assert "type" not in field.widget.attrs, f"{form.__name__}.{name}"
