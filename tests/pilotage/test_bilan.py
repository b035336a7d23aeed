"""The bilan annuel du numérique: its figures are the history's (as ``pilote indicateurs --at``
prints them), it names nobody but the head and the RRUPN, it is built by a job, it is the
school's own and reaches the territory only when the head shares it."""

import io
import json
import re
from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from pilote.core.metrics import format_value, registry
from pilote.core.models import BackgroundJob, JobStatus
from pilote.core.schoolyear import school_year_label, school_year_of
from pilote.pilotage.bilan.documents import build_docx, build_pdf, pdf_context
from pilote.pilotage.bilan.facts import build_bilan
from pilote.pilotage.bilan.models import SharedBilan
from pilote.pilotage.choices import ActionStatus
from pilote.pilotage.commission.choices import MinutesStatus
from pilote.pilotage.commission.models import Minutes
from pilote.pilotage.history import record
from pilote.pilotage.models import IndicatorRecord
from tests.core.factories import MembershipFactory, UserFactory
from tests.pilotage.factories import (
    ActionFactory,
    DecisionFactory,
    MeetingFactory,
    seat_world,
    volet_with_target,
)
from tests.schooldata.factories import GuardianLinkFactory, PupilFactory, StaffMemberFactory
from tests.security.factories import IncidentFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = school_year_of(TODAY) - 1  # the past school year, complete
START, END = date(YEAR, 9, 1), date(YEAR + 1, 8, 31)
LABEL = school_year_label(YEAR)

# Names seeded in the school: none may appear in a bilan.
PUPIL = ("Zéphyrine", "ZORGLUBIEN")
GUARDIAN = ("Anatole", "TRIFOUILLARD")
STAFF = ("Prosper", "QUASIMODIO")
MEMBERS = {
    "adjoint.college": "Barnabé",
    "sg.college": "Cunégonde",
    "cpe.college": "Eudoxie",
    "prof.college": "Fulbert",
}


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def docx_text(content: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def cli_json(school, day) -> dict:
    out = StringIO()
    call_command("indicateurs", school=school.uai, at=day.isoformat(), format="json", stdout=out)
    return {row["code"]: row for row in json.loads(out.getvalue())}


@pytest.fixture
def year(world):
    """A school year of the collège in the history: its start, a change in March, its end."""
    college = world.college
    world["chef.college"].last_name = "CHEFDUCOLLEGE"
    world["chef.college"].save()
    world["rrupn.college"].last_name = "REFERENTNUMERIQUE"
    world["rrupn.college"].save()
    for username, name in MEMBERS.items():
        world[username].first_name, world[username].last_name = name, name.upper() + "SKI"
        world[username].save()
    pupil = PupilFactory(school=college, first_name=PUPIL[0], last_name=PUPIL[1])
    GuardianLinkFactory(
        pupil=pupil, guardian__first_name=GUARDIAN[0], guardian__last_name=GUARDIAN[1]
    )
    StaffMemberFactory(school=college, first_name=STAFF[0], last_name=STAFF[1])
    volet_with_target(college, code="comptes.actifs", value=8, start_year=YEAR, end_year=YEAR + 3)
    record([college], day=START - timedelta(days=3))
    for n in range(3):
        MembershipFactory(school=college, user=UserFactory(last_name=f"NOUVEAU{n}"))
    record([college], day=date(YEAR + 1, 3, 2))
    incident_day = timezone.make_aware(datetime(YEAR + 1, 1, 15, 10))
    IncidentFactory(school=college, outage=True, detected_at=incident_day)
    IncidentFactory(school=college, personal=True, detected_at=incident_day)
    IncidentFactory(school=college, old=True, detected_at=incident_day - timedelta(days=400))
    cpe = world["cpe.college"]
    done = ActionFactory(
        school=college,
        title="Former les délégués au numérique responsable",
        responsible=cpe,
        status=ActionStatus.DONE,
        due_date=date(YEAR + 1, 2, 1),
        completed_on=date(YEAR + 1, 1, 20),
    )
    ActionFactory(
        school=college,
        title="Renouveler les vidéoprojecteurs du bâtiment B",
        responsible=cpe,
        status=ActionStatus.ONGOING,
        due_date=date(YEAR + 1, 5, 1),
    )
    ActionFactory(
        school=college,
        title="Créer un club robotique",
        responsible=cpe,
        status=ActionStatus.ABANDONED,
        due_date=date(YEAR + 1, 4, 1),
    )
    # The commission: two meetings held in the year, one cancelled, one the year before.
    seat_world(world)
    held = [
        MeetingFactory(school=college, held=True, starts_at=aware(YEAR, 10, 7)),
        MeetingFactory(school=college, held=True, starts_at=aware(YEAR + 1, 2, 3)),
    ]
    MeetingFactory(school=college, status="annulee", starts_at=aware(YEAR + 1, 5, 5))
    before = MeetingFactory(school=college, held=True, starts_at=aware(YEAR - 1, 6, 1))
    screen = DecisionFactory(meeting=held[0], text="Équiper la salle 12 d'un écran interactif")
    # The first meeting's minutes are approved: the bilan gives the decision as approved.
    Minutes.objects.create(
        meeting=held[0],
        status=MinutesStatus.APPROVED,
        content={
            "items": [{"decisions": [{"id": screen.pk, "text": "Écran interactif en salle 12"}]}]
        },
    )
    DecisionFactory(meeting=held[1], text="Ouvrir un atelier ENT pour les familles", action=done)
    DecisionFactory(meeting=before, text="Décision de l'année précédente")
    return world


def aware(*parts):
    return timezone.make_aware(datetime(*parts, 18))


def seeded_names(world) -> list[str]:
    names = [" ".join(PUPIL), " ".join(GUARDIAN), " ".join(STAFF), PUPIL[1], GUARDIAN[1]]
    names += [STAFF[1], *(f"{n.upper()}SKI" for n in MEMBERS.values()), "NOUVEAU1"]
    return names


# --- Figures: the history's, as the CLI prints them ------------------------------------


def test_every_figure_equals_the_cli_for_the_first_and_last_day(year):
    college = year.college
    bilan = build_bilan(college, YEAR, with_charts=False)
    assert (bilan.start, bilan.end) == (START, END)
    at_start, at_end = cli_json(college, START), cli_json(college, END)
    assert len(bilan.figures) == len(registry.indicators())
    for figure in bilan.figures:
        unit = figure.indicator.unit
        assert figure.start_text == format_value(at_start[figure.code]["value"], unit)
        assert figure.end_text == format_value(at_end[figure.code]["value"], unit)
        assert figure.end.status.value == at_end[figure.code]["status"]
    accounts = next(f for f in bilan.figures if f.code == "comptes.actifs")
    # 6 members at the start, 3 more in March: the bilan reads the history, not today.
    assert (accounts.start_text, accounts.end_text, accounts.change_text) == ("6", "9", "+3")
    # Rendered documents carry the same figures, row by row.
    html = render_to_string("pilotage/bilan/pdf.html", pdf_context(bilan))
    pattern = (
        r'<tr data-code="([\w.]+)"><td>[^<]*</td><td class="num">([^<]*)</td>'
        r'<td class="num">([^<]*)</td>'
    )
    rows = {code: (first, last) for code, first, last in re.findall(pattern, html)}
    for code, row in at_end.items():
        unit = registry.by_code[code].unit
        assert rows[code] == (
            format_value(at_start[code]["value"], unit),
            format_value(row["value"], unit),
        ), code
    docx = docx_text(build_docx(bilan))
    assert "Comptes actifs\n6\n9\n+3" in docx


def test_a_figure_is_written_the_french_way(year):
    college = year.college
    IndicatorRecord.objects.update_or_create(
        school=college, code="parc.conformite_socle", day=END, defaults={"value": 1234.5}
    )
    bilan = build_bilan(college, YEAR, with_charts=False)
    figure = next(f for f in bilan.figures if f.code == "parc.conformite_socle")
    assert figure.end_text == "1\xa0234,5 %"
    assert cli_json(college, END)["parc.conformite_socle"]["value"] == 1234.5


def test_targets_actions_and_incidents_of_the_year(year):
    bilan = build_bilan(year.college, YEAR, with_charts=False)
    (line,) = bilan.targets
    assert line.label == "Comptes actifs" and line.status == "Conforme"  # 9 ≥ 8
    assert bilan.targets_met == 1
    assert [a.title for a in bilan.actions_done] == ["Former les délégués au numérique responsable"]
    late = ["Renouveler les vidéoprojecteurs du bâtiment B"]
    assert [a.title for a in bilan.actions_late] == late
    assert [a.title for a in bilan.actions_abandoned] == ["Créer un club robotique"]
    # Two incidents in the year (the old one is not), counted by notion touched.
    assert bilan.incidents["total"] == 2
    notions = dict(bilan.incidents["notions"])
    assert notions["Disponibilité"] == 1 and notions["Confidentialité"] == 1
    security = next(section for section in bilan.sections if section.domain == "securite")
    assert ("dont touchant l'intégrité", "0") in security.facts
    assert ("dont touchant la disponibilité", "1") in security.facts
    # The commission: the two meetings held in the year, their decisions and what became of them.
    assert (bilan.commission["held"], bilan.commission["decisions"]) == (2, 2)
    first, second = bilan.commission["meetings"]
    assert first["day"] == date(YEAR, 10, 7)
    assert first["decisions"] == [
        {"text": "Écran interactif en salle 12", "outcome": "Sans action (aucune action au plan)"}
    ]
    assert second["decisions"][0]["outcome"] == f"Réalisée (le 20/01/{YEAR + 1})"


# --- Privacy: nobody but the head and the RRUPN -------------------------------------------


def test_the_pdf_names_only_the_head_and_the_rrupn_and_its_text_is_searchable(year):
    bilan = build_bilan(year.college, YEAR)
    assert any(section.chart for section in bilan.sections)
    text = pdf_text(build_pdf(bilan))
    assert "CHEFDUCOLLEGE" in text and "REFERENTNUMERIQUE" in text
    assert "Bilan annuel du numérique " + LABEL in text
    assert "Comptes actifs" in text and "Renouveler les vidéoprojecteurs" in text
    assert "Ouvrir un atelier ENT pour les familles" in text
    # Charts are drawn with real text: their axis labels are searchable.
    assert f"09/{YEAR}" in text
    for name in seeded_names(year):
        assert name not in text, name
    content = build_docx(bilan)
    docx = docx_text(content)
    assert "CHEFDUCOLLEGE" in docx
    # The DOCX holds the same charts, as images.
    from docx import Document

    charted = sum(1 for section in bilan.sections if section.chart_spec)
    assert len(Document(io.BytesIO(content)).inline_shapes) == charted > 0
    for name in seeded_names(year):
        assert name not in docx, name


def test_the_pdf_and_its_charts_are_written_without_a_warning(year, caplog):
    """An SVG chart's colours were inline CSS, which WeasyPrint warned about, line by line."""
    bilan = build_bilan(year.college, YEAR)
    assert any(section.chart for section in bilan.sections)
    with caplog.at_level("WARNING", logger="weasyprint"):
        assert build_pdf(bilan).startswith(b"%PDF")
    assert [record.getMessage() for record in caplog.records] == []


# --- The command ------------------------------------------------------------------------


def test_the_command_writes_a_pdf_or_a_docx_by_extension(year, tmp_path):
    out = StringIO()
    pdf, docx = tmp_path / "bilan.pdf", tmp_path / "bilan.docx"
    call_command("bilan", school=year.college.uai, annee=LABEL, output=str(pdf), stdout=out)
    assert pdf.read_bytes().startswith(b"%PDF") and "écrit dans" in out.getvalue()
    call_command("bilan", school=year.college.uai, annee=LABEL, output=str(docx), stdout=out)
    assert "Comptes actifs" in docx_text(docx.read_bytes())


@pytest.mark.parametrize(
    ("annee", "output", "message"),
    [
        (LABEL, "bilan.odt", "Extension non prise en charge"),
        ("2025-2027", "bilan.pdf", "Année scolaire invalide"),
        (school_year_label(YEAR + 2), "bilan.pdf", "n'a pas commencé"),
        ("2010-2011", "bilan.pdf", "Aucun relevé des indicateurs"),
    ],
)
def test_the_command_refuses_in_french_and_writes_nothing(year, tmp_path, annee, output, message):
    target = tmp_path / output
    with pytest.raises(CommandError, match=message):
        call_command("bilan", school=year.college.uai, annee=annee, output=str(target))
    assert not target.exists()


# --- Pages and jobs -----------------------------------------------------------------------


def url(name, school, *args):
    return reverse(f"pilotage:{name}", args=[school.uai, *args])


@pytest.mark.parametrize("extension", ["pdf", "docx"])
def test_a_teacher_gets_the_bilan_from_a_job(client, year, extension):
    client.force_login(year["prof.college"])
    page = client.get(url("bilan", year.college))
    assert page.status_code == 200
    ids = re.findall(r'\sid="([^"]+)"', page.content.decode())
    assert len(ids) == len(set(ids))  # two forms on the page, each field its own id
    data = {"annee": YEAR, "format": extension}
    response = client.post(url("bilan_document", year.college), data)
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert job.result_name == f"bilan-numerique-{year.college.uai}-{LABEL}.{extension}"
    content = job.result_file.open("rb").read()
    text = pdf_text(content) if extension == "pdf" else docx_text(content)
    assert "Collège des Salorges" in text


def test_a_wrong_request_is_refused_and_starts_nothing(client, year):
    client.force_login(year["chef.college"])
    for data in ({"annee": "1999", "format": "pdf"}, {"annee": YEAR, "format": "odt"}):
        response = client.post(url("bilan_document", year.college), data)
        assert response.status_code == 400
        assert "Le bilan n'a pas été lancé" in response.content.decode()
    assert not BackgroundJob.objects.exists()


def test_another_school_gets_404_and_the_territory_403(client, year):
    client.force_login(year["chef.lycee"])
    assert client.get(url("bilan", year.college)).status_code == 404
    assert client.post(url("bilan_document", year.college), {"annee": YEAR}).status_code == 404
    # The DRANE reads the collège's pages, not its bilan: only what the head shares.
    client.force_login(year["drane"])
    assert client.get(url("bilan", year.college)).status_code == 403
    response = client.post(url("bilan_document", year.college), {"annee": YEAR, "format": "pdf"})
    assert response.status_code == 403
    assert not BackgroundJob.objects.exists()
    # Nor is the DRANE offered a tab that would refuse it; the head is.
    bilan_tab = f'href="{url("bilan", year.college)}"'
    assert bilan_tab not in client.get(url("index", year.college)).content.decode()
    client.force_login(year["chef.college"])
    assert bilan_tab in client.get(url("index", year.college)).content.decode()


def test_only_the_head_shares(client, year):
    client.force_login(year["rrupn.college"])
    data = {"annee": YEAR, "with_academie": "on"}
    assert client.post(url("bilan_share", year.college), data).status_code == 403
    assert not SharedBilan.objects.exists() and not BackgroundJob.objects.exists()
    client.force_login(year["chef.college"])
    response = client.post(url("bilan_share", year.college), {"annee": YEAR})
    assert response.status_code == 400
    assert "avec qui partager" in response.content.decode()
    assert not SharedBilan.objects.exists()


def territory_url(name, kind, code, *args):
    return reverse(f"pilotage_territory:{name}", args=[kind, code, *args])


def test_a_shared_bilan_reaches_only_the_territory_it_is_shared_with(client, year):
    client.force_login(year["chef.college"])
    data = {"annee": YEAR, "with_collectivite": "on"}
    response = client.post(url("bilan_share", year.college), data)
    shared = SharedBilan.objects.get()
    assert response.status_code == 302
    assert shared.document and pdf_text(shared.document.open("rb").read()).count("CHEFDUCOLLEGE")
    # The collège's département sees it and downloads it.
    client.force_login(year["gest.departement"])
    page = client.get(territory_url("bilans", "departement", "44")).content.decode()
    assert "Collège des Salorges" in page and LABEL in page
    download = client.get(territory_url("bilan_file", "departement", "44", shared.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    # Not shared with the académie; the région is not the collège's collectivité.
    client.force_login(year["drane"])
    assert (
        "Collège des Salorges"
        not in client.get(territory_url("bilans", "academie", "17")).content.decode()
    )
    assert client.get(territory_url("bilan_file", "academie", "17", shared.pk)).status_code == 404
    client.force_login(year["gest.region"])
    assert client.get(territory_url("bilan_file", "region", "52", shared.pk)).status_code == 404
    # The head withdraws it: the territory no longer has it.
    client.force_login(year["chef.college"])
    client.post(url("bilan_unshare", year.college, shared.pk))
    assert not SharedBilan.objects.exists()
    client.force_login(year["gest.departement"])
    gone = client.get(territory_url("bilan_file", "departement", "44", shared.pk))
    assert gone.status_code == 404


def test_the_academie_bilan_gives_each_indicators_distribution(client, year):
    record([year.lycee], day=START - timedelta(days=3))
    client.force_login(year["drane"])
    response = client.post(territory_url("bilan_territory", "academie", "17"), {"annee": YEAR})
    job = BackgroundJob.objects.get()
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    text = pdf_text(job.result_file.open("rb").read())
    assert "Médiane" in text and "1er quartile" in text
    # Comptes actifs: 9 in the collège, 3 in the lycée → median 6; the collège meets its target.
    at_end = {
        school.uai: cli_json(school, END)["comptes.actifs"]["value"]
        for school in (year.college, year.lycee)
    }
    assert sorted(at_end.values()) == [3, 9]
    assert re.search(r"Comptes actifs 2 3 4,5 6 7,5 9 1 sur 1", text), text[:3000]


def test_the_territory_bilan_needs_the_projet_capability(client, year):
    from pilote.core.choices import Role

    dpd = UserFactory(username="dpd")
    MembershipFactory(user=dpd, role=Role.DPD, school=None, academie=year.academie)
    client.force_login(dpd)
    response = client.post(territory_url("bilan_territory", "academie", "17"), {"annee": YEAR})
    assert response.status_code == 403
    assert not BackgroundJob.objects.exists()
