"""Pages of « Compétences »: figures, tenancy, rights, bad input, constant queries."""

from datetime import date

import pytest
from django.urls import reverse

from pilote.core.metrics import registry
from pilote.skills.choices import CampaignKind, MatchStatus, PixEduStatus
from pilote.skills.models import PixEduRecord

from .factories import (
    CampaignFactory,
    CertificationResultFactory,
    CompetenceResultFactory,
    DivisionFactory,
    ParticipationFactory,
    PixEduRecordFactory,
    PupilFactory,
    TeacherFactory,
)


def url(name, school, **kwargs):
    return reverse(f"skills:{name}", kwargs={"uai": school.uai, **kwargs})


@pytest.fixture
def cohort(world):
    """A 3e of four pupils: two certifiable, one certified (310 pix), one rejected."""
    college = world.college
    division = DivisionFactory(school=college, code="3 A")
    pupils = PupilFactory.create_batch(4, school=college, division=division)
    profiles = CampaignFactory(school=college, profiles=True)
    for pupil, ready in zip(pupils, (True, True, False, None), strict=True):
        if ready is not None:
            ParticipationFactory(
                campaign=profiles,
                pupil=pupil,
                for_pupil=True,
                certifiable=ready,
                division=division,
            )
    CertificationResultFactory(school=college, pupil=pupils[0], pix_score=310)
    CertificationResultFactory(school=college, pupil=pupils[1], rejected=True)
    return {"division": division, "pupils": pupils}


def measures(school):
    return {m.indicator.code: m.value for m in registry.measure_school(school, ["competences"])}


def test_indicators_of_the_compulsory_cohort(world, cohort):
    values = measures(world.college)
    assert values["pix.certifies"] == 25.0
    assert values["pix.certifiables"] == 50.0
    assert values["pix.score_moyen"] == 310
    assert values["pix.participants"] == 3
    assert values["pix.partages"] == 100.0


def test_certification_rates_not_evaluated_before_any_import(world):
    DivisionFactory(school=world.college, code="3 A")
    values = measures(world.college)
    assert values["pix.certifies"] is None
    assert values["pix.certifiables"] is None
    assert values["pix.participants"] == 0


def test_last_years_results_do_not_count(world, cohort):
    CertificationResultFactory(school=world.college, pupil=cohort["pupils"][2], school_year=2019)
    assert measures(world.college)["pix.certifies"] == 25.0


def test_lycee_counts_terminales_not_seconde(world):
    lycee = world.lycee
    tle = DivisionFactory(school=lycee, terminale=True)
    seconde = DivisionFactory(school=lycee, code="2 A", level="2nde")
    certified = PupilFactory(school=lycee, division=tle)
    PupilFactory(school=lycee, division=tle)
    CertificationResultFactory(school=lycee, pupil=certified)
    CertificationResultFactory(school=lycee, pupil=PupilFactory(school=lycee, division=seconde))
    assert measures(lycee)["pix.certifies"] == 50.0


def test_pix_edu_share_of_teachers(world):
    PixEduRecordFactory(staff=TeacherFactory(school=world.college), certified=True)
    PixEduRecordFactory(staff=TeacherFactory(school=world.college), not_engaged=True)
    TeacherFactory(school=world.college)
    TeacherFactory(school=world.college, administrative=True)
    assert measures(world.college)["pixedu.engages"] == 33.3


def test_certification_page_by_division_with_bands(client, world, cohort):
    client.force_login(world["chef.college"])
    response = client.get(url("certification", world.college))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Indépendant 3 : 1" in html
    assert "<svg" in html and 'role="img"' in html
    divisions = response.context["divisions"]
    assert [(r.label, r.pupils, r.certifiable, r.sat, r.validated) for r in divisions] == [
        ("3 A", 4, 2, 2, 1)
    ]


def test_candidate_list_and_its_export_is_journaled(client, world, cohort):
    client.force_login(world["chef.college"])
    response = client.get(url("candidate_list", world.college) + "?is_certifiable=true")
    assert response.status_code == 200
    assert len(response.context["table"].rows) == 2
    export = client.get(url("candidate_list", world.college) + "?_export=csv")
    assert export.status_code == 200
    assert "Certifiable" in export.content.decode()
    from pilote.core.models import JournalEntry

    assert JournalEntry.objects.filter(action="personal_data_export").exists()


def test_mastery_by_competence_and_weakest_first(client, world):
    division = DivisionFactory(school=world.college, code="3 A")
    campaign = CampaignFactory(school=world.college)
    participation = ParticipationFactory(campaign=campaign, division=division)
    CompetenceResultFactory(
        participation=participation, competence="3.4", skills_total=10, skills_validated=2
    )
    CompetenceResultFactory(
        participation=participation, competence="2.1", skills_total=10, skills_validated=9
    )
    hidden = ParticipationFactory(campaign=campaign, not_shared=True, division=division)
    CompetenceResultFactory(participation=hidden, competence="2.1", skills_validated=0)
    client.force_login(world["prof.college"])
    response = client.get(url("mastery", world.college) + f"?division={division.pk}")
    assert response.status_code == 200
    assert [c.code for c in response.context["weakest"]] == ["3.4", "2.1"]
    rates = {c.code: c.rate for c in response.context["report"].competences}
    assert rates["2.1"] == 90.0
    assert response.context["scope"] == "division 3 A"
    index = client.get(url("index", world.college))
    assert "3.4 Programmer" in index.content.decode()


def test_mastery_scope_of_another_school_is_ignored(client, world):
    other = DivisionFactory(school=world.lycee, code="T1")
    client.force_login(world["chef.college"])
    response = client.get(url("mastery", world.college) + f"?division={other.pk}&niveau=zz")
    assert response.status_code == 200
    assert response.context["scope"] == "tout l'établissement"


def test_reminders_lists_pupils_not_started_or_not_shared(client, world):
    division = DivisionFactory(school=world.college, code="3 A")
    done, started, absent = PupilFactory.create_batch(3, school=world.college, division=division)
    elsewhere = DivisionFactory(school=world.college, code="6 A", level="6e")
    PupilFactory(school=world.college, division=elsewhere)
    campaign = CampaignFactory(school=world.college)
    ParticipationFactory(campaign=campaign, pupil=done, division=division)
    ParticipationFactory(campaign=campaign, pupil=started, division=division, not_shared=True)
    client.force_login(world["chef.college"])
    response = client.get(url("reminders", world.college) + f"?campagne={campaign.pk}")
    rows = {(r.record.pk, r.get_cell("has_started")) for r in response.context["table"].rows}
    assert rows == {(started.pk, "Commencé, non partagé"), (absent.pk, "Pas commencé")}


def test_campaign_detail_participation_by_division(client, world):
    division = DivisionFactory(school=world.college, code="3 A")
    pupils = PupilFactory.create_batch(3, school=world.college, division=division)
    campaign = CampaignFactory(school=world.college)
    ParticipationFactory(campaign=campaign, pupil=pupils[0], division=division)
    ParticipationFactory(campaign=campaign, pupil=pupils[1], division=division, not_shared=True)
    client.force_login(world["chef.college"])
    response = client.get(url("campaign_detail", world.college, pk=campaign.pk))
    assert response.status_code == 200
    row = response.context["rows"][0]
    assert (row["pupils"], row["started"], row["not_started"], row["shared"]) == (3, 2, 1, 1)


def test_another_schools_campaign_and_teacher_are_404(client, world):
    campaign = CampaignFactory(school=world.lycee)
    teacher = TeacherFactory(school=world.lycee)
    client.force_login(world["chef.college"])
    assert client.get(url("campaign_detail", world.college, pk=campaign.pk)).status_code == 404
    assert client.get(url("teacher_edit", world.college, pk=teacher.pk)).status_code == 404


def test_head_records_pix_edu_of_a_teacher(client, world):
    teacher = TeacherFactory(school=world.college)
    client.force_login(world["chef.college"])
    response = client.post(
        url("teacher_edit", world.college, pk=teacher.pk),
        {
            "path": "formation_continue",
            "status": "certifie",
            "level": "expert",
            "certified_on": "2026-05-12",
        },
    )
    assert response.status_code == 302
    record = PixEduRecord.objects.get(staff=teacher)
    assert (record.status, record.level, record.school) == (
        PixEduStatus.CERTIFIED,
        "expert",
        world.college,
    )
    assert record.certified_on == date(2026, 5, 12)


def test_wrong_pix_edu_entry_is_a_400_in_french(client, world):
    teacher = TeacherFactory(school=world.college)
    client.force_login(world["chef.college"])
    response = client.post(
        url("teacher_edit", world.college, pk=teacher.pk),
        {"path": "formation_continue", "status": "certifie", "level": "initie"},
    )
    assert response.status_code == 400
    assert "pas pour ce parcours (niveaux possibles" in response.content.decode()
    assert not PixEduRecord.objects.exists()


def test_teacher_reads_but_cannot_write(client, world):
    teacher = TeacherFactory(school=world.college)
    client.force_login(world["prof.college"])
    assert client.get(url("teacher_list", world.college)).status_code == 200
    response = client.post(
        url("teacher_edit", world.college, pk=teacher.pk),
        {"path": "formation_continue", "status": "en_cours"},
    )
    assert response.status_code == 403


def test_drane_compares_schools_of_the_academie(client, world, cohort):
    client.force_login(world["drane"])
    response = client.get(url("index", world.college))
    territory = reverse("skills_territory:overview", kwargs={"kind": "academie", "code": "17"})
    assert territory in response.content.decode()
    page = client.get(territory)
    assert page.status_code == 200
    assert "Collège des Salorges" in page.content.decode()
    client.force_login(world["chef.college"])
    assert client.get(territory).status_code in (403, 404)


@pytest.mark.parametrize(
    "name",
    ["campaign_list", "participation_list", "candidate_list", "result_list", "teacher_list"],
)
def test_lists_use_a_constant_number_of_queries(client, world, django_assert_max_num_queries, name):
    college = world.college
    division = DivisionFactory(school=college, code="3 A")
    for _ in range(3):
        campaign = CampaignFactory(school=college)
        for pupil in PupilFactory.create_batch(20, school=college, division=division):
            ParticipationFactory(
                campaign=campaign, pupil=pupil, division=division, match_status=MatchStatus.MATCHED
            )
            CertificationResultFactory(school=college, pupil=pupil, division=division)
    for teacher in TeacherFactory.create_batch(30, school=college):
        PixEduRecordFactory(staff=teacher)
    client.force_login(world["chef.college"])
    with django_assert_max_num_queries(20):
        assert client.get(url(name, college)).status_code == 200


def test_pages_use_a_constant_number_of_queries(client, world, django_assert_max_num_queries):
    college = world.college
    division = DivisionFactory(school=college, code="3 A")
    campaign = CampaignFactory(school=college)
    profiles = CampaignFactory(school=college, kind=CampaignKind.PROFILES)
    for pupil in PupilFactory.create_batch(40, school=college, division=division):
        p = ParticipationFactory(campaign=campaign, pupil=pupil, division=division)
        CompetenceResultFactory(participation=p)
        ParticipationFactory(campaign=profiles, pupil=pupil, division=division, certifiable=True)
        CertificationResultFactory(school=college, pupil=pupil, division=division)
    client.force_login(world["chef.college"])
    for name, extra in (
        ("index", {}),
        ("mastery", {}),
        ("certification", {}),
        ("reminders", {}),
        ("campaign_detail", {"pk": campaign.pk}),
    ):
        with django_assert_max_num_queries(25):
            assert client.get(url(name, college, **extra)).status_code == 200


def test_api_lists_only_the_callers_schools(client, world):
    CampaignFactory(school=world.college, name="Au collège")
    CampaignFactory(school=world.lycee, name="Au lycée")
    client.force_login(world["chef.college"])
    response = client.get("/api/v1/competences/campagnes/")
    assert response.status_code == 200
    names = [row["name"] for row in response.json()["results"]]
    assert names == ["Au collège"]


def test_api_participations_carry_their_competences(client, world):
    result = CompetenceResultFactory(
        participation=ParticipationFactory(campaign=CampaignFactory(school=world.college)),
        competence="4.3",
    )
    client.force_login(world["chef.college"])
    rows = client.get("/api/v1/competences/participations/").json()["results"]
    assert rows[0]["competences"]["4.3"]["skills_total"] == result.skills_total


def test_api_filters_participations_by_class_and_campaign_of_the_callers_schools(client, world):
    """The API has no current school: its class and campaign filters offer those of every
    school the caller may see, never another's (a foreign id is refused as an unknown choice)."""
    campaign = CampaignFactory(school=world.college)
    third_a, third_b = (DivisionFactory(school=world.college, code=code) for code in ("3A", "3B"))
    in_a = ParticipationFactory(campaign=campaign, division=third_a)
    ParticipationFactory(campaign=campaign, division=third_b)
    ParticipationFactory(campaign=CampaignFactory(school=world.college))
    client.force_login(world["chef.college"])
    url = "/api/v1/competences/participations/"
    response = client.get(url, {"division": third_a.pk, "campaign": campaign.pk})
    assert response.status_code == 200, response.content
    assert [row["id"] for row in response.json()["results"]] == [in_a.pk]
    elsewhere = DivisionFactory(school=world.lycee)
    assert client.get(url, {"division": elsewhere.pk}).status_code == 400
