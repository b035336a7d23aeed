"""Readiness from live data: the rules on SIECLE-like files, the survey, the lists, the cost."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pilote.continuity import readiness
from pilote.continuity.choices import Light
from pilote.continuity.models import EquipmentSurvey
from pilote.core.importing import get_importer, run_import
from pilote.core.metrics import registry
from pilote.schooldata.models import Division, Pupil
from pilote.skills.models import PixEduRecord
from tests.bookings.factories import LoanFactory
from tests.continuity.factories import (
    EquipmentSurveyFactory,
    ExerciseFactory,
    TrainingRecordFactory,
    make_plan,
)
from tests.inventory.factories import EquipmentFactory
from tests.missions.factories import DelegationFactory, referential_mission
from tests.schooldata import xml
from tests.schooldata.factories import (
    DivisionFactory,
    GuardianLinkFactory,
    PupilFactory,
    StaffMemberFactory,
)
from tests.usage.factories import AccountFactory

BASE = "/etablissements/0449901Y/continuite/"
LEGAL = "<NIVEAU_RESPONSABILITE>1</NIVEAU_RESPONSABILITE><CODE_PARENTE>10</CODE_PARENTE>"
CONTACT = "<NIVEAU_RESPONSABILITE>3</NIVEAU_RESPONSABILITE><CODE_PARENTE>39</CODE_PARENTE>"


def postal_only(personne_id: str, nom: str) -> str:
    """A guardian SIECLE knows only by a postal address."""
    return (
        f'<PERSONNE PERSONNE_ID="{personne_id}"><NOM_DE_FAMILLE>{nom}</NOM_DE_FAMILLE>'
        "<PRENOM>Jean</PRENOM><LC_CIVILITE>M.</LC_CIVILITE><MEL></MEL><TEL_PORTABLE></TEL_PORTABLE>"
        "<ADRESSE><LIGNE1_ADRESSE>3 rue des Salorges</LIGNE1_ADRESSE>"
        "<CODE_POSTAL>44000</CODE_POSTAL><LIBELLE_POSTAL>NANTES</LIBELLE_POSTAL></ADRESSE>"
        "</PERSONNE>"
    )


def import_siecle(school, pupils: bytes, guardians: bytes) -> None:
    for content, name in (
        (pupils, "ElevesSansAdresses.xml"),
        (guardians, "ResponsablesAvecAdresses.xml"),
    ):
        report = run_import(get_importer("siecle")(school=school), content, name, apply=True)
        assert not report.refused, report


def load_siecle_class(school, *, inactive: bool = False) -> None:
    """4 A: reachable, postal address only, no legal guardian; 4 B: malformed contacts, a
    phone only; plus a pupil who left (with a reachable guardian) and, with ``inactive``, a
    pupil in SIECLE's « Inactifs » pseudo-division without an exit date."""
    extra_pupils, extra_structures, extra_persons, extra_links = [], [], [], []
    if inactive:
        extra_pupils = [xml.pupil("3006", "ANCIEN", "Max")]
        extra_structures = [xml.structures("3006", ("Inactifs", "D"))]
        extra_persons = [xml.person("P6", "ANCIEN", mel="ancien@exemple.fr")]
        extra_links = [xml.link("3006", "P6", LEGAL)]
    pupils = xml.pupils_file(
        [
            *extra_pupils,
            xml.pupil("3001", "MARTIN", "Léa"),
            xml.pupil("3002", "DURAND", "Hugo"),
            xml.pupil("3003", "PETIT", "Noé"),
            xml.pupil("3004", "LEROY", "Inès"),
            xml.pupil("3005", "PARTI", "Tom", sortie="15/10/2026"),
            xml.pupil("3007", "ROBIN", "Lou"),
        ],
        [
            *extra_structures,
            xml.structures("3001", ("4 A", "D")),
            xml.structures("3002", ("4 A", "D")),
            xml.structures("3003", ("4 A", "D")),
            xml.structures("3004", ("4 B", "D")),
            xml.structures("3005", ("4 B", "D")),
            xml.structures("3007", ("4 B", "D")),
        ],
    )
    guardians = xml.guardians_file(
        [
            *extra_persons,
            xml.person("P1", "MARTIN", mel="anne.martin@exemple.fr", portable=""),
            postal_only("P2", "DURAND"),
            xml.person("P3", "PETIT", mel="oncle.petit@exemple.fr"),
            xml.person("P4", "LEROY", mel="pas-un-courriel", portable="12"),
            xml.person("P5", "PARTI", mel="parti@exemple.fr"),
            xml.person("P7", "ROBIN", mel="", portable="06 12 34 56 78"),
        ],
        [
            *extra_links,
            xml.link("3001", "P1", LEGAL),
            xml.link("3002", "P2", LEGAL),
            xml.link("3003", "P3", CONTACT),  # a contact, not a legal guardian
            xml.link("3004", "P4", LEGAL),
            xml.link("3005", "P5", LEGAL),
            xml.link("3007", "P7", LEGAL),
        ],
    )
    import_siecle(school, pupils, guardians)


def test_reachable_families_on_a_siecle_file(world):
    load_siecle_class(world.college)
    result = readiness.for_school(world.college)
    active = Pupil.objects.filter(school=world.college).active()
    assert result.counts.total == active.count() == 5  # the pupil who left counts nowhere
    # Reachable: MARTIN (e-mail) and ROBIN (phone). Not: postal address only, a contact who is
    # no legal guardian, a malformed e-mail and a two-digit phone number.
    assert result.counts.reachable == 2
    item = result.item("familles_joignables")
    assert item.light == Light.ROUGE and item.to_act == 3
    assert "40 %" in item.value
    rows = {row.code: (row.counts.total, row.counts.reachable) for row in result.divisions}
    assert rows == {"4 A": (3, 1), "4 B": (2, 1)}
    values = registry.compute([world.college], codes=["continuite.familles_joignables"])
    assert values[world.college.pk]["continuite.familles_joignables"] == 40.0


def test_a_pupil_in_the_inactifs_pseudo_division_counts_nowhere(world):
    """SIECLE keeps pupils who are no longer taught in « Inactifs », sometimes without an exit
    date: schooldata's ``Pupil.objects.active()`` is the one rule, readiness follows it."""
    load_siecle_class(world.college, inactive=True)
    assert Pupil.objects.filter(school=world.college, siecle_id="3006").exists()
    counted = set(readiness.annotated_pupils([world.college]).values_list("siecle_id", flat=True))
    assert counted == set(
        Pupil.objects.filter(school=world.college).active().values_list("siecle_id", flat=True)
    )
    assert "3006" not in counted
    result = readiness.for_school(world.college)
    assert (result.counts.total, result.counts.reachable) == (5, 2)


def test_pupils_to_contact_are_listed_only_for_roles_that_see_families(client, world):
    load_siecle_class(world.college)
    client.force_login(world["chef.college"])
    page = html.unescape(client.get(BASE + "a-contacter/familles_joignables/").content.decode())
    for name in ("DURAND", "PETIT", "LEROY"):
        assert name in page
    assert "MARTIN Léa" not in page and "PARTI" not in page and "ROBIN" not in page
    assert "Aucun représentant légal dans SIECLE" in page  # PETIT: only a contact
    division = Division.objects.get(school=world.college, code="4 B")
    page = client.get(BASE + f"a-contacter/familles_joignables/?division={division.pk}")
    assert "LEROY" in page.content.decode() and "DURAND" not in page.content.decode()
    assert "à contacter" in html.unescape(client.get(BASE).content.decode())

    # The RRUPN edits the plan but does not see families: counts, never names.
    client.force_login(world["rrupn.college"])
    assert client.get(BASE + "a-contacter/familles_joignables/").status_code == 403
    index = html.unescape(client.get(BASE).content.decode())
    assert "3 élèves concernés" in index and "DURAND" not in index
    assert "a-contacter" not in index
    # Nor does the académie.
    client.force_login(world["drane"])
    assert client.get(BASE + "a-contacter/familles_joignables/").status_code == 403
    assert client.get(BASE + "a-contacter/inconnu/").status_code in (403, 404)


def test_survey_larger_than_the_division_is_refused_and_nothing_is_written(client, world):
    load_siecle_class(world.college)
    a = Division.objects.get(school=world.college, code="4 A")
    b = Division.objects.get(school=world.college, code="4 B")
    EquipmentSurveyFactory(school=world.college, division=b, without_device=1)
    client.force_login(world["adjoint.college"])
    response = client.post(
        BASE + "equipement/",
        {f"device_{a.pk}": "2", f"connection_{a.pk}": "1", f"device_{b.pk}": "3"},
    )
    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert "Division 4 B : 3 élèves sans équipement déclarés, pour 2 élèves présents" in text
    assert "Rien n'a été enregistré" in text
    assert list(EquipmentSurvey.objects.values_list("division__code", "without_device")) == [
        ("4 B", 1)
    ]
    response = client.post(
        BASE + "equipement/",
        {f"device_{a.pk}": "2", f"connection_{a.pk}": "1", f"device_{b.pk}": "0"},
    )
    assert response.status_code == 302
    assert dict(EquipmentSurvey.objects.values_list("division__code", "without_device")) == {
        "4 A": 2,
        "4 B": 0,
    }
    # A teacher reads the survey but cannot change it.
    client.force_login(world["prof.college"])
    assert client.get(BASE + "equipement/").status_code == 200
    assert client.post(BASE + "equipement/", {f"device_{a.pk}": "0"}).status_code == 403


def test_lendable_devices_against_pupils_without_equipment(world):
    school = world.college
    division = DivisionFactory(school=school)
    PupilFactory.create_batch(10, school=school, division=division)
    EquipmentFactory.create_batch(2, school=school)  # laptops in service
    EquipmentFactory(school=school, category="tablette")
    LoanFactory(school=school, equipment=EquipmentFactory(school=school))  # already lent
    LoanFactory(school=school, equipment=EquipmentFactory(school=school), returned=True)
    EquipmentFactory(school=school, category="tablette", status="en_panne")
    EquipmentFactory(school=school, category="poste_fixe")
    EquipmentFactory(school=world.lycee)
    assert readiness.for_school(school).item("equipement").light == Light.INCONNU
    survey = EquipmentSurveyFactory(school=school, division=division, without_device=4)
    item = readiness.for_school(school).item("equipement")
    assert item.value.startswith("4 appareils à prêter pour 4 élèves")
    assert item.light == Light.VERT
    survey.without_device = 9
    survey.save()
    assert readiness.for_school(school).item("equipement").light == Light.ROUGE


def test_staff_training_tools_mission_and_exercise(world):
    school = world.college
    teachers = StaffMemberFactory.create_batch(4, school=school)
    StaffMemberFactory(school=school, direction=True)
    TrainingRecordFactory(school=school, staff=teachers[0])
    TrainingRecordFactory(school=school, staff=teachers[1])
    TrainingRecordFactory(school=school, staff=teachers[2], trained_on="2020-01-10")
    PixEduRecord.objects.create(
        school=school, staff=teachers[3], path="formation_continue", status="en_cours"
    )
    result = readiness.for_school(school)
    training = result.item("personnels_formes")
    assert training.value.startswith("50 % (2 enseignants sur 4)")
    assert training.light == Light.ORANGE and "1 engagé dans Pix+ Édu" in training.detail
    assert result.item("outils").light == Light.ROUGE
    assert result.item("mission").light == Light.ROUGE
    assert result.item("exercice").light == Light.ROUGE
    make_plan(school)
    DelegationFactory(school=school, mission=referential_mission("continuite"))
    ExerciseFactory(school=school)
    result = readiness.for_school(school)
    assert result.item("mission").light == Light.VERT
    assert result.item("exercice").light == Light.VERT
    values = registry.compute([school], codes=["continuite.jours_depuis_exercice"])
    assert values[school.pk]["continuite.jours_depuis_exercice"] == 0


def test_ent_activation_and_recent_connections(world):
    school = world.college
    division = DivisionFactory(school=school)
    pupils = PupilFactory.create_batch(4, school=school, division=division)
    assert readiness.for_school(school).item("activation_ent").light == Light.INCONNU
    AccountFactory(school=school, pupil=pupils[0])
    AccountFactory(school=school, pupil=pupils[1], dormant=True)
    AccountFactory(school=school, pupil=pupils[2], not_activated=True)
    result = readiness.for_school(school)
    assert result.counts.activated == 2 and result.counts.recent == 1
    assert result.item("activation_ent").to_act == 2
    assert result.item("connexion_30j").light == Light.ROUGE
    # Families count once their accounts are imported: a legal guardian's activated account.
    link = GuardianLinkFactory(pupil=pupils[0])
    AccountFactory(school=school, profile="parent", guardian=link.guardian)
    result = readiness.for_school(school)
    assert result.counts.family_activated == 1
    assert result.item("activation_ent").to_act == 3


def test_plan_validated_indicator(world):
    codes = ["continuite.plan_valide", "continuite.preparation"]
    assert registry.compute([world.college], codes=codes)[world.college.pk] == {
        "continuite.plan_valide": 0,
        "continuite.preparation": 0.0,
    }
    make_plan(world.college, validated_by=world["chef.college"])
    DelegationFactory(school=world.college, mission=referential_mission("continuite"))
    values = registry.compute([world.college], codes=codes)[world.college.pk]
    assert values == {"continuite.plan_valide": 1, "continuite.preparation": 12.5}


def queries_for(school) -> int:
    with CaptureQueriesContext(connection) as captured:
        readiness.for_school(school)
    return len(captured)


def test_query_count_does_not_depend_on_headcount(world):
    school = world.college
    make_plan(school)
    division = DivisionFactory(school=school)
    PupilFactory.create_batch(3, school=school, division=division)
    small = queries_for(school)
    for _ in range(5):
        other = DivisionFactory(school=school)
        for pupil in PupilFactory.create_batch(8, school=school, division=other):
            GuardianLinkFactory(pupil=pupil)
            AccountFactory(school=school, pupil=pupil)
        EquipmentSurveyFactory(school=school, division=other, without_device=1)
    TrainingRecordFactory.create_batch(5, school=school)
    assert queries_for(school) == small <= 12


@pytest.mark.parametrize("username", ["chef.college", "prof.college"])
def test_index_page_query_count_is_bounded(client, world, username, django_assert_max_num_queries):
    make_plan(world.college)
    division = DivisionFactory(school=world.college)
    PupilFactory.create_batch(40, school=world.college, division=division)
    client.force_login(world[username])
    with django_assert_max_num_queries(30):
        assert client.get(BASE).status_code == 200
