"""« Signaler un problème »: a teacher signals, the head records an incident from it or closes
it with an answer, the teacher reads what became of it (issue #20)."""

import pytest

from pilote.security.choices import ProblemReportStatus
from pilote.security.models import Incident, ProblemReport

from .test_incidents import incident_data

WHAT = "Un message demandant mon mot de passe ENT est arrivé dans ma messagerie."


@pytest.fixture
def teacher(client, world):
    client.force_login(world["prof.college"])
    return client


def signal(world, **overrides) -> ProblemReport:
    return ProblemReport.objects.create(
        school=world.college,
        what=WHAT,
        where="salle 12",
        reported_by=world["prof.college"],
        reported_by_label=str(world["prof.college"]),
        **overrides,
    )


def test_a_teacher_signals_a_problem_and_sees_it_received(teacher, world, college_url):
    home = teacher.get(f"/etablissements/{world.college.uai}/").content.decode()
    assert f'href="{college_url}signaler/">Signaler un problème' in home
    url = college_url + "signaler/"
    response = teacher.post(url, {"what": WHAT, "where": "salle 12", "seen_at": ""})
    assert response.status_code == 400  # « constaté le » is required
    response = teacher.post(url, {"what": WHAT, "where": "salle 12", "seen_at": "2026-12-01T10:00"})
    assert response.status_code == 302
    report = ProblemReport.objects.get()
    assert (report.school, report.reported_by) == (world.college, world["prof.college"])
    page = teacher.get(url).content.decode()
    assert "Reçu, à examiner par la direction" in page


def test_a_report_without_words_is_refused_and_nothing_is_written(teacher, college_url):
    response = teacher.post(
        college_url + "signaler/", {"what": "  ok ", "seen_at": "2026-12-01T10:00"}
    )
    assert response.status_code == 400
    assert "Décrivez en quelques mots" in response.content.decode()
    assert not ProblemReport.objects.exists()


def test_the_head_records_an_incident_from_the_report(client, world, college_url):
    report = signal(world)
    client.force_login(world["chef.college"])
    home = client.get(f"/etablissements/{world.college.uai}/").content.decode()
    assert "1 problème de sécurité signalé par les personnels" in home
    waiting = client.get(college_url + "signalements/").content.decode()
    assert WHAT in waiting
    url = f"{college_url}incidents/ajouter/?signalement={report.pk}"
    form = client.get(url).context["form"]
    assert form.initial["detected_by"] == world["prof.college"].pk
    assert WHAT in form.initial["description"] and "salle 12" in form.initial["description"]
    assert client.post(url, incident_data()).status_code == 302
    report.refresh_from_db()
    assert report.status == ProblemReportStatus.RECORDED
    assert report.incident == Incident.objects.get()
    client.force_login(world["prof.college"])
    page = client.get(college_url + "signaler/").content.decode()
    assert f"Enregistré comme incident ({report.incident.reference})" in page


def test_the_head_closes_a_report_with_an_answer(client, world, college_url):
    report = signal(world)
    client.force_login(world["chef.college"])
    url = f"{college_url}signalements/{report.pk}/classer/"
    assert client.post(url, {"answer": ""}).status_code == 400
    assert ProblemReport.objects.get().status == ProblemReportStatus.NEW
    assert client.post(url, {"answer": "Simple panne, transmise à l'assistance"}).status_code == 302
    client.force_login(world["prof.college"])
    page = client.get(college_url + "signaler/").content.decode()
    assert "Examiné, sans suite : « Simple panne, transmise à l&#x27;assistance »" in page


def test_reports_stay_in_their_school_and_with_the_direction(client, world, college_url):
    report = signal(world)
    client.force_login(world["prof.college"])
    assert client.get(college_url + "signalements/").status_code == 403
    client.force_login(world["chef.lycee"])
    lycee = f"/etablissements/{world.lycee.uai}/securite/"
    assert (
        client.post(f"{lycee}signalements/{report.pk}/classer/", {"answer": "x"}).status_code == 404
    )
    form = client.get(f"{lycee}incidents/ajouter/?signalement={report.pk}").context["form"]
    assert form.initial == {"detected_by": world["chef.lycee"].pk}
    client.force_login(world["drane"])
    response = client.post(college_url + "signaler/", {"what": WHAT, "seen_at": "2026-12-01T10:00"})
    assert response.status_code == 403
    assert ProblemReport.objects.count() == 1
