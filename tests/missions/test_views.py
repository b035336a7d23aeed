"""Pages of « Missions »: the matrix, delegations, lettres de mission and their documents."""

import datetime
import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from pilote.missions.models import Delegation, Mission, MissionLetter, SignedLetter
from tests.core.factories import MembershipFactory, UserFactory
from tests.missions.factories import (
    DelegationFactory,
    MissionFactory,
    MissionLetterFactory,
    referential_mission,
)

BASE = "/etablissements/0449901Y/missions/"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def login(client, world, username="chef.college"):
    client.force_login(world[username])
    return client


def test_matrix_shows_holders_vacant_missions_expired_and_overload(client, world):
    rrupn = world["rrupn.college"]
    codes = ["ent_admin", "pix", "moodle_elea", "site_web", "formation"]
    for code in codes:
        DelegationFactory(school=world.college, holder=rrupn, mission=referential_mission(code))
    DelegationFactory(
        school=world.college,
        holder=world["prof.college"],
        mission=referential_mission("continuite"),
        expired=True,
    )
    response = login(client, world).get(BASE)
    assert response.status_code == 200
    matrix = response.context["matrix"]
    vacant = {m.code for m in matrix.vacant_missions}
    assert "continuite" in vacant and "ent_admin" not in vacant
    assert [d.mission.code for d in matrix.expired] == ["continuite"]
    assert [p.user for p in matrix.overloaded_people] == [rrupn]
    html = response.content.decode()
    assert "Sans titulaire" in html and "Surchargé" in html and "Terminée le" in html


def test_matrix_query_count_does_not_grow_with_delegations(
    client, world, django_assert_max_num_queries
):
    missions = list(Mission.objects.referential())
    for index in range(60):
        DelegationFactory(school=world.college, mission=missions[index % len(missions)])
    login(client, world)
    with django_assert_max_num_queries(12):
        assert client.get(BASE).status_code == 200


def test_delegation_list_query_count_is_constant(client, world, django_assert_max_num_queries):
    DelegationFactory.create_batch(60, school=world.college)
    login(client, world)
    with django_assert_max_num_queries(14):
        response = client.get(BASE + "delegations/")
    assert response.status_code == 200


def test_head_delegates_a_referential_mission(client, world):
    mission = referential_mission("equipements_mobiles")
    response = login(client, world).post(
        BASE + "delegations/ajouter/",
        {
            "mission": mission.pk,
            "holder": world["prof.college"].pk,
            "rank": "principale",
            "start_date": "2025-09-01",
        },
    )
    assert response.status_code == 302
    holding = Delegation.objects.active().holding(world.college, "equipements_mobiles")
    assert holding.get().holder == world["prof.college"]


def test_delegation_form_refuses_another_school_member_and_bad_dates(client, world):
    before = Delegation.objects.count()
    response = login(client, world).post(
        BASE + "delegations/ajouter/",
        {
            "mission": referential_mission("pix").pk,
            "holder": world["prof.lycee"].pk,
            "rank": "principale",
            "start_date": "2025-09-01",
            "end_date": "2025-08-01",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "holder" in errors and "end_date" in errors
    assert Delegation.objects.count() == before


def test_another_school_mission_cannot_be_delegated(client, world):
    foreign = MissionFactory(school=world.lycee)
    response = login(client, world).post(
        BASE + "delegations/ajouter/",
        {
            "mission": foreign.pk,
            "holder": world["prof.college"].pk,
            "rank": "principale",
            "start_date": "2025-09-01",
        },
    )
    assert "mission" in response.context["form"].errors


def test_another_school_objects_give_404(client, world):
    delegation = DelegationFactory(school=world.lycee)
    letter = MissionLetterFactory(school=world.lycee)
    own_mission = MissionFactory(school=world.lycee)
    login(client, world)
    assert client.get(f"{BASE}delegations/{delegation.pk}/").status_code == 404
    assert client.get(f"{BASE}lettres/{letter.pk}/").status_code == 404
    assert client.get(f"{BASE}lettres/{letter.pk}/lettre.pdf").status_code == 404
    assert client.get(f"{BASE}liste/{own_mission.pk}/").status_code == 404


def test_referential_missions_are_read_only_but_school_missions_are_editable(client, world):
    login(client, world)
    ent = referential_mission("ent_admin")
    assert client.get(f"{BASE}liste/{ent.pk}/").status_code == 200
    assert client.get(f"{BASE}liste/{ent.pk}/modifier/").status_code == 404
    response = client.post(
        BASE + "liste/ajouter/",
        {"label": "Robotique", "code": "robotique", "axis": "accompagnement", "is_active": "oui"},
    )
    assert response.status_code == 302
    assert Mission.objects.get(school=world.college, code="robotique")


def test_school_mission_code_cannot_take_a_referential_code(client, world):
    response = login(client, world).post(
        BASE + "liste/ajouter/", {"label": "Doublon", "code": "pix", "axis": "conseil"}
    )
    assert response.status_code == 400
    assert "déjà pris" in str(response.context["form"].errors["code"])


def test_teacher_reads_but_cannot_delegate(client, world):
    login(client, world, "prof.college")
    assert client.get(BASE).status_code == 200
    response = client.post(
        BASE + "delegations/ajouter/",
        {"mission": referential_mission("pix").pk, "holder": world["prof.college"].pk},
    )
    assert response.status_code == 403


def letter_payload(world, **overrides):
    payload = {
        "referent": world["rrupn.college"].pk,
        "school_year": "2025-2026",
        "start_date": "2025-09-01",
        "end_date": "2026-08-31",
        "imp_rate": "0.5",
        "indicators": ["missions.sans_titulaire"],
        "resources": "Un portable",
        "trainings": "",
        "conseil_pedagogique_date": "2025-09-20",
        "conseil_administration_date": "2025-10-05",
        "status": "brouillon",
    }
    payload.update(overrides)
    return payload


def test_head_writes_a_letter(client, world):
    response = login(client, world).post(BASE + "lettres/ajouter/", letter_payload(world))
    assert response.status_code == 302
    letter = MissionLetter.objects.get(school=world.college)
    assert str(letter.imp_amount) == "625.00"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"school_year": "2025"}, "school_year"),
        ({"school_year": "2025-2027"}, "school_year"),
        ({"conseil_administration_date": "2025-09-01"}, "conseil_administration_date"),
        ({"imp_rate": "4"}, "imp_rate"),
        ({"indicators": ["inconnu.code"]}, "indicators"),
    ],
)
def test_letter_form_refuses_bad_values(client, world, overrides, field):
    response = login(client, world).post(
        BASE + "lettres/ajouter/", letter_payload(world, **overrides)
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not MissionLetter.objects.exists()


def make_letter_with_missions(world):
    referent = world["rrupn.college"]
    letter = MissionLetterFactory(school=world.college, referent=referent)
    DelegationFactory(
        school=world.college,
        holder=referent,
        mission=referential_mission("ent_admin"),
        start_date=datetime.date(2025, 9, 1),
    )
    DelegationFactory(
        school=world.college,
        holder=referent,
        mission=referential_mission("pix"),
        rank="secondaire",
        start_date=datetime.date(2025, 9, 1),
    )
    return letter


def test_letter_docx_contains_the_missions_competences_and_imp(client, world):
    letter = make_letter_with_missions(world)
    response = login(client, world).get(f"{BASE}lettres/{letter.pk}/lettre.docx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    text = "\n".join(
        [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
        + [
            cell.text
            for table in Document(io.BytesIO(response.content)).tables
            for row in table.rows
            for cell in row.cells
        ]
    )
    assert "Administration de l'ENT" in text
    assert "Pix : campagnes Pix Orga" in text
    assert "collectif apprenant" in text
    assert "1 IMP (1 250 €)" in text
    assert "Missions sans titulaire" in text
    assert "conseil d'administration" in text


def test_letter_pdf_is_a_pdf(client, world):
    letter = make_letter_with_missions(world)
    response = login(client, world).get(f"{BASE}lettres/{letter.pk}/lettre.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_signed_version_is_attached_and_downloaded(client, world):
    letter = MissionLetterFactory(school=world.college, referent=world["rrupn.college"])
    login(client, world)
    response = client.post(
        f"{BASE}lettres/{letter.pk}/signee/",
        {"file": SimpleUploadedFile("lettre signée.pdf", PDF_BYTES, "application/pdf")},
    )
    assert response.status_code == 302
    signed = SignedLetter.objects.get()
    letter.refresh_from_db()
    assert letter.status == "signee"
    download = client.get(f"{BASE}lettres/{letter.pk}/signee/{signed.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("lettre.exe", b"MZ\x90", "type de fichier non accepté"),
        ("lettre.pdf", b"MZ\x90 pas un pdf", "n'est pas un PDF"),
        ("lettre.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "la limite est de"),
    ],
)
def test_bad_signed_file_gets_400_and_a_french_message(client, world, name, content, message):
    letter = MissionLetterFactory(school=world.college, referent=world["rrupn.college"])
    response = login(client, world).post(
        f"{BASE}lettres/{letter.pk}/signee/", {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert not SignedLetter.objects.exists()
    letter.refresh_from_db()
    assert letter.status == "brouillon"


def test_a_letter_is_read_only_by_editors_and_its_referent(client, world):
    letter = MissionLetterFactory(school=world.college, referent=world["rrupn.college"])
    login(client, world, "rrupn.college")
    assert client.get(f"{BASE}lettres/{letter.pk}/").status_code == 200
    colleague = UserFactory(username="autre.prof")
    MembershipFactory(user=colleague, school=world.college)
    client.force_login(colleague)
    assert client.get(f"{BASE}lettres/{letter.pk}/").status_code == 404
    assert client.get(f"{BASE}lettres/{letter.pk}/lettre.docx").status_code == 404
    assert letter not in client.get(f"{BASE}lettres/").context["table"].data


def test_mission_with_delegations_is_not_deleted(client, world):
    own = MissionFactory(school=world.college)
    DelegationFactory(school=world.college, mission=own)
    response = login(client, world).post(f"{BASE}liste/{own.pk}/supprimer/")
    assert response.status_code == 302
    assert Mission.objects.filter(pk=own.pk).exists()


def test_api_lists_delegations_of_visible_schools(client, world):
    DelegationFactory(school=world.college, holder=world["rrupn.college"])
    DelegationFactory(school=world.lycee)
    response = login(client, world).get("/api/v1/delegations/")
    assert response.status_code == 200
    rows = response.json()["results"] if "results" in response.json() else response.json()
    assert {row["school"] for row in rows} == {"0449901Y"}
    assert rows[0]["mission_code"] == "ent_admin"
