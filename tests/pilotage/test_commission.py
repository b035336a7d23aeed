"""The commission numérique: composition, agenda from the data, convocation, minutes,
decisions turned into actions, indicators, tenancy."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pilote.core.metrics import registry
from pilote.core.models import OutboxMessage
from pilote.core.permissions import capabilities_for
from pilote.pilotage.choices import ActionStatus
from pilote.pilotage.commission.agenda import propose
from pilote.pilotage.commission.choices import ItemKind, MeetingStatus, MinutesStatus
from pilote.pilotage.commission.models import (
    AgendaItem,
    CommissionMember,
    Decision,
    Meeting,
    Minutes,
)
from pilote.pilotage.commission.services import create_meeting
from pilote.pilotage.models import Action, IndicatorRecord
from pilote.security.choices import Impact
from tests.pilotage.factories import (
    ActionFactory,
    AgendaItemFactory,
    DecisionFactory,
    MeetingFactory,
    TargetMilestoneFactory,
    seat_world,
    volet_with_target,
)
from tests.security.factories import IncidentFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def url(name, school, *args):
    return reverse(f"pilotage:{name}", args=[school.uai, *args])


def figures_of(item) -> dict:
    return {f["label"]: f for f in item.figures}


def test_the_proposed_agenda_says_what_changed_since_the_previous_meeting(world):
    school = world.college
    previous = MeetingFactory(school=school, held=True)
    since = timezone.localtime(previous.starts_at).date()
    # Indicators: « actions en retard » was 0 (conforme), « comptes dormants » was 7 (alerte).
    IndicatorRecord.objects.create(
        school=school, code="pilotage.actions_en_retard", day=since, value=0
    )
    IndicatorRecord.objects.create(school=school, code="comptes.dormants", day=since, value=7)
    assert registry.measure_school(school, codes=["comptes.dormants"])[0].value == 0
    late = [
        ActionFactory(school=school, title=f"Retard {n}", due_date=TODAY - timedelta(days=5))
        for n in range(4)
    ]
    soon = ActionFactory(
        school=school, title="Câbler la salle 12", due_date=TODAY + timedelta(days=20)
    )
    ActionFactory(school=school, title="Bien plus tard", due_date=TODAY + timedelta(days=300))
    decision = DecisionFactory(meeting=previous, text="Équiper le CDI", action=late[0])
    # Security: two incidents since, one before (not counted); never a title in the agenda.
    IncidentFactory(school=school, title="Secret A", outage=True)
    IncidentFactory(school=school, title="Secret B", personal=True)
    IncidentFactory(
        school=school,
        title="Ancien",
        detected_at=previous.starts_at - timedelta(days=3),
        impact_integrity=Impact.SEVERE,
    )
    # Objective behind its milestone: a milestone already passed and missed.
    target = volet_with_target(school, code="comptes.actifs", value=10)
    TargetMilestoneFactory(target=target, day=TODAY - timedelta(days=10), value=1000)

    meeting = MeetingFactory(school=school)
    items = {item.kind: item for item in propose(meeting)}

    indicators = figures_of(items[ItemKind.INDICATORS])
    assert indicators["Actions du plan en retard"]["status"] == "alert"
    assert indicators["Actions du plan en retard"]["value"] == "4"
    assert "0 le" in indicators["Actions du plan en retard"]["detail"]
    assert indicators[registry.by_code["comptes.dormants"].label]["detail"].startswith("amélioré")
    actions = figures_of(items[ItemKind.ACTIONS])
    assert {f"Retard {n}" for n in range(4)} | {"Câbler la salle 12"} == set(actions)
    assert actions["Câbler la salle 12"]["value"] == "à échéance"
    assert soon.title in actions and "Bien plus tard" not in actions
    security = figures_of(items[ItemKind.SECURITY])
    assert security["Incidents enregistrés"]["value"] == "2"
    assert security["Incidents touchant la disponibilité"]["value"] == "1"
    assert security["Incidents touchant la confidentialité"]["value"] == "1"
    assert security["Incidents touchant l'intégrité"]["value"] == "0"
    assert security["Gravité : grave"]["value"] == "1"
    assert security["Gravité : modérée"]["value"] == "1"
    text = str([item.figures for item in items.values()])
    assert "Secret" not in text and "Ancien" not in text
    objectives = figures_of(items[ItemKind.OBJECTIVES])
    assert objectives[registry.by_code["comptes.actifs"].label]["status"] == "alert"
    decisions = figures_of(items[ItemKind.DECISIONS])
    assert decisions[decision.text]["value"] == "En retard"
    assert decisions[decision.text]["status"] == "alert"
    for kind in (
        ItemKind.VALIDATIONS,
        ItemKind.ASSISTANCE,
        ItemKind.EQUIPMENT,
        ItemKind.BOOKINGS,
        ItemKind.SKILLS,
        ItemKind.ENT,
    ):
        assert items[kind].figures, kind
    assert "Demandes d'assistance en cours" in figures_of(items[ItemKind.ASSISTANCE])


def test_the_head_composes_the_commission_with_people_accounts_and_guests(client, world):
    client.force_login(world["chef.college"])
    add = url("commission_member_add", world.college)
    assert (
        client.post(
            add, {"user": world["rrupn.college"].pk, "role": "rrupn", "start_date": "2026-09-01"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            add,
            {
                "user": world["tech.departement"].pk,
                "role": "collectivite",
                "start_date": "2026-09-01",
            },
        ).status_code
        == 302
    )
    assert (
        client.post(
            add,
            {
                "name": "Alex Martin",
                "organisation": "Canopé",
                "role": "invite",
                "start_date": "2026-09-01",
            },
        ).status_code
        == 302
    )
    kinds = dict(CommissionMember.objects.values_list("role", "kind"))
    assert kinds == {"rrupn": "etablissement", "collectivite": "collectivite", "invite": "invite"}
    # Refusals: no account and no name; a person of another school; an end before the start.
    before = CommissionMember.objects.count()
    assert client.post(add, {"role": "invite", "start_date": "2026-09-01"}).status_code == 400
    assert (
        client.post(
            add, {"user": world["chef.lycee"].pk, "role": "autre", "start_date": "2026-09-01"}
        ).status_code
        == 400
    )
    bad = client.post(
        add, {"name": "X", "role": "invite", "start_date": "2026-09-01", "end_date": "2026-08-01"}
    )
    assert bad.status_code == 400 and "La fin doit suivre le début." in bad.content.decode()
    assert CommissionMember.objects.count() == before
    page = client.get(url("commission", world.college)).content.decode()
    assert "Alex Martin" in page and "aucune : pas de convocation" in page


def test_creating_a_meeting_proposes_the_agenda_and_the_head_edits_it(client, world):
    client.force_login(world["chef.college"])
    starts = (timezone.localtime() + timedelta(days=10)).replace(hour=17, minute=0)
    response = client.post(
        url("commission_meeting_add", world.college),
        {
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 90,
            "location": "Salle du conseil",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    kinds = list(meeting.items.values_list("kind", flat=True))
    assert kinds[0] == ItemKind.INDICATORS and ItemKind.SECURITY in kinds
    assert not meeting.items.filter(frozen_at__isnull=False).exists()
    client.post(
        url("commission_item_add", world.college, meeting.pk),
        {"title": "Questions diverses", "description": ""},
    )
    free = meeting.items.get(kind=ItemKind.FREE)
    assert free.order == len(kinds) + 1
    client.post(url("commission_item_move", world.college, free.pk), {"do": "monter"})
    free.refresh_from_db()
    assert free.order == len(kinds)
    assert client.get(meeting.get_absolute_url()).status_code == 200


def test_convocation_emails_every_member_with_an_ics_and_freezes_the_figures(client, world):
    seat_world(world)
    meeting = create_meeting(world.college, timezone.now() + timedelta(days=7))
    client.force_login(world["chef.college"])
    response = client.post(url("commission_convene", world.college, meeting.pk), follow=True)
    page = response.content.decode()
    assert "Sans adresse électronique, pas de convocation pour : Dominique Invitée" in page
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONVENED and meeting.convened_at
    assert not meeting.items.filter(frozen_at__isnull=True).exists()
    mail = OutboxMessage.objects.get()
    expected = {
        world[u].email for u in ("chef.college", "rrupn.college", "sg.college", "tech.departement")
    }
    assert set(mail.recipients) == expected
    assert "Évolution des indicateurs" in mail.body
    ics = mail.files.get()
    assert ics.filename.endswith(".ics") and ics.mimetype.startswith("text/calendar")
    content = bytes(ics.content).decode().replace("\r\n ", "")  # unfolded
    assert "BEGIN:VEVENT" in content and f"UID:commission-{meeting.pk}@" in content
    assert "METHOD:REQUEST" in content and "DTSTART" in content
    assert f"mailto:{world['rrupn.college'].email}" in content
    assert "Dominique" not in content


def test_a_meeting_in_the_past_cannot_be_convened(client, world):
    seat_world(world)
    meeting = MeetingFactory(school=world.college, starts_at=timezone.now() - timedelta(hours=1))
    AgendaItemFactory(meeting=meeting)
    client.force_login(world["chef.college"])
    response = client.post(url("commission_convene", world.college, meeting.pk))
    assert response.status_code == 400
    assert "dans le passé" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT and meeting.convened_at is None
    assert not OutboxMessage.objects.exists()
    assert not meeting.items.filter(frozen_at__isnull=False).exists()


def test_a_decision_becomes_an_action_of_the_plan_in_one_step(client, world):
    meeting = MeetingFactory(school=world.college, held=True)
    item = AgendaItemFactory(meeting=meeting, title="Parc")
    client.force_login(world["chef.college"])
    due = (TODAY + timedelta(days=45)).isoformat()
    response = client.post(
        url("commission_decision_add", world.college, item.pk),
        {
            "text": "Renouveler les postes de la salle 12",
            "make_action": "on",
            "action_title": "Commander 15 postes",
            "responsible": world["sg.college"].pk,
            "due": due,
        },
    )
    decision = Decision.objects.get()
    assert response.status_code == 302
    action = decision.action
    assert action.title == "Commander 15 postes" and action.school == world.college
    assert action.responsible == world["sg.college"] and action.due_date.isoformat() == due
    assert action.source == f"Décision de la {meeting}"
    assert action.source_url == decision.get_absolute_url()
    assert OutboxMessage.objects.get().recipients == [world["sg.college"].email]
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Commander 15 postes" in page
    # Refused: a responsible from another school; nothing written.
    refused = client.post(
        url("commission_decision_add", world.college, item.pk),
        {"text": "Autre", "make_action": "on", "responsible": world["chef.lycee"].pk, "due": due},
    )
    assert refused.status_code == 400
    assert Decision.objects.count() == 1 and Action.objects.count() == 1
    # Later, an existing decision without action gets one.
    other = DecisionFactory(meeting=meeting, item=item, text="Former les AED")
    client.post(
        url("commission_decision_action", world.college, other.pk),
        {
            "text": other.text,
            "make_action": "on",
            "responsible": world["rrupn.college"].pk,
            "due": due,
        },
    )
    other.refresh_from_db()
    assert other.action.title == "Former les AED"


def test_minutes_cannot_be_approved_with_an_empty_decision_and_nothing_changes(client, world):
    meeting = MeetingFactory(school=world.college, held=True, status=MeetingStatus.CONVENED)
    item = AgendaItemFactory(meeting=meeting, notes="avant")
    decision = DecisionFactory(meeting=meeting, item=item, text="Texte d'origine")
    client.force_login(world["chef.college"])
    response = client.post(
        url("commission_minutes_edit", world.college, meeting.pk),
        {
            "summary": "Bonne séance",
            f"notes_{item.pk}": "après",
            f"decision_{decision.pk}": "  ",
            "approve": "1",
        },
    )
    assert response.status_code == 400
    assert "Le texte de la décision est vide" in response.content.decode()
    decision.refresh_from_db()
    item.refresh_from_db()
    meeting.refresh_from_db()
    assert decision.text == "Texte d'origine" and item.notes == "avant"
    assert not Minutes.objects.exists() and meeting.status == MeetingStatus.CONVENED


def test_approved_minutes_are_read_only_sent_in_pdf_and_corrected_by_a_new_version(client, world):
    seat_world(world)
    meeting = MeetingFactory(school=world.college, held=True, status=MeetingStatus.CONVENED)
    item = AgendaItemFactory(meeting=meeting)
    decision = DecisionFactory(meeting=meeting, item=item, text="Équiper le CDI")
    client.force_login(world["chef.college"])
    edit = url("commission_minutes_edit", world.college, meeting.pk)
    response = client.post(
        edit,
        {
            "summary": "Bonne séance",
            f"notes_{item.pk}": "Échanges nourris",
            f"decision_{decision.pk}": "Équiper le CDI de 4 tablettes",
            "approve": "1",
        },
    )
    assert response.status_code == 302
    minutes = Minutes.objects.get()
    meeting.refresh_from_db()
    assert minutes.status == MinutesStatus.APPROVED and meeting.status == MeetingStatus.HELD
    assert minutes.content["items"][0]["decisions"][0]["text"] == "Équiper le CDI de 4 tablettes"
    assert minutes.sent_at is not None
    mail = OutboxMessage.objects.get()
    pdf = mail.files.get()
    assert pdf.mimetype == "application/pdf" and bytes(pdf.content).startswith(b"%PDF")
    assert len(mail.recipients) == 4
    # Read-only: a change is refused, nothing written.
    refused = client.post(edit, {f"notes_{item.pk}": "changé", f"decision_{decision.pk}": "x"})
    assert refused.status_code == 400
    item.refresh_from_db()
    assert item.notes == "Échanges nourris"
    # Correction: a new version; the approved one stays as approved.
    client.post(
        url("commission_minutes_correct", world.college, minutes.pk), {"reason": "Faute de frappe"}
    )
    assert Minutes.objects.count() == 2
    client.post(
        edit, {f"notes_{item.pk}": "Corrigé", f"decision_{decision.pk}": "Équiper", "approve": "1"}
    )
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.REPLACED
    assert minutes.content["items"][0]["notes"] == "Échanges nourris"
    assert Minutes.objects.get(version=2).content["items"][0]["notes"] == "Corrigé"
    old = client.get(url("commission_minutes", world.college, minutes.pk)).content.decode()
    assert "Échanges nourris" in old and "Remplacé par une version corrigée" in old


def test_indicators_days_since_last_meeting_and_decisions_without_follow_up(world):
    school = world.college
    old = MeetingFactory(school=school, held=True, starts_at=timezone.now() - timedelta(days=120))
    recent = MeetingFactory(school=school, held=True, starts_at=timezone.now() - timedelta(days=30))
    DecisionFactory(meeting=old)  # no action: sans suite
    DecisionFactory(meeting=old, action=ActionFactory(school=school, status=ActionStatus.ONGOING))
    DecisionFactory(meeting=old, action=ActionFactory(school=school, status=ActionStatus.TODO))
    DecisionFactory(meeting=recent)  # too recent
    values = registry.compute(
        [school], codes=["commission.jours_depuis_derniere", "commission.decisions_sans_suite"]
    )[school.pk]
    assert values == {"commission.jours_depuis_derniere": 30, "commission.decisions_sans_suite": 2}
    assert (
        registry.compute([world.lycee], codes=["commission.jours_depuis_derniere"])[world.lycee.pk][
            "commission.jours_depuis_derniere"
        ]
        is None
    )
    # A convened meeting whose day has passed took place; a draft never convened did not.
    MeetingFactory(
        school=school, status=MeetingStatus.DRAFT, starts_at=timezone.now() - timedelta(days=5)
    )
    MeetingFactory(
        school=school, status=MeetingStatus.CONVENED, starts_at=timezone.now() - timedelta(days=10)
    )
    days = registry.compute([school], codes=["commission.jours_depuis_derniere"])[school.pk]
    assert days == {"commission.jours_depuis_derniere": 10}


def test_tenancy_other_school_is_not_found_and_a_teacher_is_refused(client, world):
    theirs = MeetingFactory(school=world.lycee)
    client.force_login(world["chef.college"])
    assert client.get(url("commission_meeting", world.college, theirs.pk)).status_code == 404
    assert client.post(url("commission_convene", world.college, theirs.pk)).status_code == 404
    client.force_login(world["prof.college"])
    assert client.get(url("commission", world.college)).status_code == 403
    mine = MeetingFactory(school=world.college)
    assert client.post(url("commission_meeting_add", world.college), {}).status_code == 403
    assert client.get(url("commission_meeting", world.college, mine.pk)).status_code == 403
    # The SG reads but does not prepare; only the head approves.
    client.force_login(world["sg.college"])
    assert client.get(url("commission", world.college)).status_code == 200
    assert client.post(url("commission_convene", world.college, mine.pk)).status_code == 403
    assert AgendaItem.objects.count() == 0


def test_home_lists_the_convocation_to_send_and_the_minutes_to_approve(client, world):
    soon = MeetingFactory(school=world.college, starts_at=timezone.now() + timedelta(days=5))
    past = MeetingFactory(school=world.college, starts_at=timezone.now() - timedelta(days=2))
    client.force_login(world["chef.college"])
    home = client.get(f"/etablissements/{world.college.uai}/").content.decode()
    assert f"Envoyer la convocation de la {soon}" in home
    assert f"Compte rendu à approuver : {past}" in home
    Minutes.objects.create(meeting=past, status=MinutesStatus.APPROVED)
    home = client.get(f"/etablissements/{world.college.uai}/").content.decode()
    assert "Compte rendu à approuver" not in home
    Minutes.objects.create(meeting=past, version=2)  # a correction being written
    home = client.get(f"/etablissements/{world.college.uai}/").content.decode()
    assert f"Compte rendu à approuver : {past}" in home
    dashboard = client.get(url("index", world.college)).content.decode()
    assert "Prochaine commission numérique" in dashboard and soon.day_label in dashboard
    # The home page says when, after the objectives; the teacher who reads the commission
    # knows the date, without the head's to-do.
    next_on_home = f"Le {soon.day_label} à"
    assert next_on_home in home and "convocation à envoyer" in home
    client.force_login(world["prof.college"])
    teacher_home = client.get(f"/etablissements/{world.college.uai}/").content.decode()
    assert "Compte rendu à approuver" not in teacher_home
    assert (next_on_home in teacher_home) == capabilities_for(
        world["prof.college"], world.college
    ).can("commission")


def test_the_territory_sees_when_each_school_last_met(client, world):
    MeetingFactory(school=world.college, held=True, starts_at=timezone.now() - timedelta(days=40))
    client.force_login(world["drane"])
    page = client.get(
        reverse("pilotage_territory:index", args=["academie", world.academie.code])
    ).content.decode()
    assert "Dernière commission numérique" in page and "jamais réunie" in page
    last = (timezone.localtime() - timedelta(days=40)).date()
    from django.utils.formats import date_format

    assert date_format(last, "j F Y") in page


def test_the_minutes_pdf_has_the_school_header_and_real_text(client, world):
    import io

    from pypdf import PdfReader

    from pilote.core.models import BackgroundJob, JobStatus

    meeting = MeetingFactory(school=world.college, held=True)
    item = AgendaItemFactory(meeting=meeting, title="Parc du CDI", notes="Postes trop lents")
    DecisionFactory(meeting=meeting, item=item, text="Remplacer les postes du CDI")
    minutes = Minutes.objects.create(meeting=meeting)
    client.force_login(world["chef.college"])
    response = client.post(url("commission_minutes_pdf", world.college, minutes.pk))
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(job.result_file.read())).pages
    )
    assert world.college.name in text and world.college.uai in text
    assert "Parc du CDI" in text and "Remplacer les postes du CDI" in text
    other = Minutes.objects.create(meeting=MeetingFactory(school=world.lycee, held=True))
    assert client.post(url("commission_minutes_pdf", world.college, other.pk)).status_code == 404


def test_meeting_page_queries_do_not_grow_with_decisions(
    client, world, django_assert_max_num_queries
):
    previous = MeetingFactory(school=world.college, held=True)
    meeting = MeetingFactory(school=world.college)
    item = AgendaItemFactory(meeting=meeting)
    client.force_login(world["chef.college"])

    def add(n):
        for _ in range(n):
            action = ActionFactory(school=world.college)
            DecisionFactory(meeting=meeting, item=item, action=action)
            DecisionFactory(meeting=previous, action=ActionFactory(school=world.college))

    add(1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(meeting.get_absolute_url()).status_code == 200
    add(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(meeting.get_absolute_url()).status_code == 200
