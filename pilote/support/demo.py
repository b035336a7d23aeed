"""Demo data of « Assistance »: a few dozen requests per school in every state, routed by the
real rule to the collectivité, the académie and the school's mission holders, with their
comments. Deterministic (seeded random); dates spread over the last four months."""

import random
from datetime import timedelta

from django.utils import timezone

from pilote.catalogue.models import SchoolService
from pilote.inventory.models import Equipment
from pilote.missions.models import Delegation

from .choices import Recipient, RequestStatus
from .models import RequestComment, SupportRequest
from .routing import mission_for, route, target_days
from .workdays import working_days_between
from .workflow import apply_status, due_date_for

S = RequestStatus

# (category, title, description, what it is about: equipment category, account kind or
# service kind)
PROBLEMS = [
    (
        "equipement",
        "Vidéoprojecteur qui s'éteint au bout de dix minutes",
        "L'image clignote puis disparaît ; le voyant de la lampe est orange.",
        {"equipment": "videoprojecteur"},
    ),
    (
        "equipement",
        "Écran interactif : le stylet ne répond plus",
        "Le stylet n'agit plus sur l'écran depuis la mise à jour de lundi.",
        {"equipment": "ecran_interactif"},
    ),
    (
        "equipement",
        "Poste bloqué au démarrage",
        "Le poste reste sur l'écran du fabricant ; les élèves ne peuvent pas se connecter.",
        {"equipment": "poste_fixe"},
    ),
    (
        "equipement",
        "Imprimante hors ligne",
        "L'imprimante n'apparaît plus sur les postes de la salle des professeurs.",
        {"equipment": "imprimante"},
    ),
    (
        "equipement",
        "Tablette qui ne se charge plus",
        "La tablette reste à 0 % même branchée toute la nuit dans la classe mobile.",
        {"equipment": "tablette"},
    ),
    (
        "reseau",
        "Wifi instable au CDI",
        "Les connexions tombent toutes les cinq minutes quand une classe entière est connectée.",
        {},
    ),
    (
        "salle",
        "Prise réseau morte en salle de sciences",
        "Aucune des trois prises murales du fond de la salle ne donne de réseau.",
        {},
    ),
    (
        "compte",
        "Mot de passe ÉduConnect perdu (représentant légal)",
        "Un parent d'élève de 5e ne parvient pas à réinitialiser son mot de passe ÉduConnect.",
        {"account_kind": "educonnect"},
    ),
    (
        "compte",
        "Compte ÉduConnect d'un élève bloqué",
        "L'élève a saisi trop de mots de passe erronés ; le déblocage local échoue.",
        {"account_kind": "educonnect"},
    ),
    (
        "compte",
        "Accès ARENA impossible pour une enseignante arrivée en janvier",
        "Sa clé OTP n'est pas reconnue et sa messagerie académique n'est pas créée.",
        {"account_kind": "agent"},
    ),
    (
        "compte",
        "Élève absent de son groupe dans l'ENT",
        "Un élève arrivé en cours d'année n'apparaît pas dans le groupe de sa classe.",
        {"account_kind": "ent"},
    ),
    (
        "autre",
        "Besoin d'aide pour préparer une séance avec les tablettes",
        "Je voudrais un conseil pour organiser le prêt d'une classe mobile sur deux heures.",
        {},
    ),
]

COMMENTS = {
    S.PRISE_EN_CHARGE: "Pris en charge : intervention prévue.",
    S.EN_ATTENTE: "Pouvez-vous préciser la salle et l'heure où le problème apparaît ?",
    S.RESOLUE: "C'est réparé : merci de confirmer.",
    S.CLOSE: "Confirmé, tout fonctionne. Merci !",
}
# The path a request follows up to its final state.
PATHS = {
    S.NOUVELLE: [],
    S.PRISE_EN_CHARGE: [S.PRISE_EN_CHARGE],
    S.EN_ATTENTE: [S.PRISE_EN_CHARGE, S.EN_ATTENTE],
    S.RESOLUE: [S.PRISE_EN_CHARGE, S.RESOLUE],
    S.CLOSE: [S.PRISE_EN_CHARGE, S.RESOLUE, S.CLOSE],
}
REQUESTS_PER_SCHOOL = 30


def demo_devices(school) -> dict[str, list[Equipment]]:
    """The school's devices by category (the Parc demo's, or a few made here without it)."""
    devices: dict[str, list[Equipment]] = {}
    for device in Equipment.objects.for_school(school).order_by("pk"):
        devices.setdefault(device.category, []).append(device)
    if not devices:
        plan = [
            ("videoprojecteur", "Epson", "EB-992F", "collectivite"),
            ("ecran_interactif", "Speechi", "SPE-75", "collectivite"),
            ("poste_fixe", "Dell", "OptiPlex 7010", "collectivite"),
            ("imprimante", "Ricoh", "IM C3000", "prestataire"),
            ("tablette", "Lenovo", "Tab M10", "etablissement"),
        ]
        for index, (category, brand, model, maintainer) in enumerate(plan, start=1):
            device = Equipment.objects.create(
                school=school,
                category=category,
                brand=brand,
                model=model,
                maintainer=maintainer,
                inventory_number=f"AS-DEMO-{index:03d}",
            )
            devices[category] = [device]
    return devices


def handler_for(demo, school, recipient, mission):
    if recipient == Recipient.COLLECTIVITE:
        return demo.users["tech.departement" if school == demo.college else "tech.region"]
    if recipient == Recipient.ACADEMIE:
        return demo.users["assistance"]
    delegation = (
        Delegation.objects.active().for_school(school).filter(mission=mission).first()
        if mission
        else None
    )
    return delegation.holder if delegation else demo.users[f"chef.{school_key(demo, school)}"]


def school_key(demo, school) -> str:
    return "college" if school == demo.college else "lycee"


def final_state(rng: random.Random, age_days: int) -> str:
    """Old requests are mostly closed; recent ones are still being worked on."""
    if age_days > 45:
        return rng.choice([S.CLOSE, S.CLOSE, S.CLOSE, S.RESOLUE, S.EN_ATTENTE])
    return rng.choice([S.NOUVELLE, S.PRISE_EN_CHARGE, S.EN_ATTENTE, S.RESOLUE, S.CLOSE])


def build_request(school, rng, devices, ent, requesters, now) -> SupportRequest:
    category, title, description, about = rng.choice(PROBLEMS)
    equipment = None
    if "equipment" in about and devices.get(about["equipment"]):
        equipment = rng.choice(devices[about["equipment"]])
    account_kind = about.get("account_kind", "")
    school_service = ent if account_kind == "ent" else None
    routing = route(
        category=category,
        equipment=equipment,
        account_kind=account_kind,
        school_service=school_service,
    )
    mission = mission_for(school, routing.mission_code)
    age_days = rng.randint(0, 120)
    created_at = now - timedelta(days=age_days, hours=rng.randint(0, 8))
    days = target_days()[category]
    return SupportRequest(
        school=school,
        title=title,
        description=description,
        category=category,
        equipment=equipment,
        school_service=school_service,
        account_kind=account_kind,
        recipient=routing.recipient,
        routing_reason=routing.reason,
        mission=mission,
        requester=rng.choice(requesters),
        created_at=created_at,
        target_days=days,
        due_date=due_date_for(timezone.localdate(created_at), days),
    )


def play(support_request, path, handler, rng) -> list[RequestComment]:
    """Walk the request along ``path``, each step a few working days after the previous."""
    moment = support_request.created_at
    comments = []
    for status in path:
        moment += timedelta(days=rng.randint(0, 3), hours=rng.randint(1, 5))
        moment = min(moment, timezone.now())
        actor = (support_request.requester or handler) if status == S.CLOSE else handler
        previous = support_request.status
        apply_status(support_request, status, actor)
        stamp = {S.PRISE_EN_CHARGE: "taken_at", S.RESOLUE: "resolved_at", S.CLOSE: "closed_at"}
        if status in stamp:
            setattr(support_request, stamp[status], moment)
        if status == S.RESOLUE:
            support_request.resolution_days = working_days_between(
                timezone.localdate(support_request.created_at), timezone.localdate(moment)
            )
        comments.append(
            RequestComment(
                request=support_request,
                author=actor,
                body=COMMENTS[status],
                status_from=previous,
                status_to=status,
                created_at=moment,
            )
        )
    return comments


def load(demo) -> None:
    load_detailed(demo)
    load_generated(demo)


def load_detailed(demo) -> None:
    rng = random.Random(8)
    now = timezone.now()
    for school in demo.schools:
        key = school_key(demo, school)
        requesters = [
            user
            for name, user in demo.users.items()
            if name.endswith(f".{key}") and not name.startswith("chef")
        ]
        devices = demo_devices(school)
        ent = (
            SchoolService.objects.for_school(school)
            .filter(service__kind="ent")
            .select_related("service")
            .first()
        )
        for _ in range(REQUESTS_PER_SCHOOL):
            support_request = build_request(school, rng, devices, ent, requesters, now)
            age = (now - support_request.created_at).days
            handler = handler_for(demo, school, support_request.recipient, support_request.mission)
            comments = play(support_request, PATHS[final_state(rng, age)], handler, rng)
            support_request.save()
            for comment in comments:
                comment.request = support_request
                comment.save()


GENERATED_REQUESTS = (4, 16)


def load_generated(demo) -> None:
    """A few requests for each generated school, routed by the same rule, handled by its
    collectivité's technician (none in the demo for Vendée: then unsigned) or the académie's
    assistance. Nobody of these schools has an account in the demo: requests for their own
    mission holders are left out, and the requester is left blank."""
    now = timezone.now()
    technicians = {
        demo.departement.pk: demo.users["tech.departement"],
        demo.region.pk: demo.users["tech.region"],
    }
    for index, school in enumerate(getattr(demo, "generated", [])):
        rng = random.Random(6000 + index)
        devices = demo_devices(school)
        handlers = {
            Recipient.COLLECTIVITE: technicians.get(school.collectivite_id),
            Recipient.ACADEMIE: demo.users["assistance"],
        }
        for _ in range(rng.randint(*GENERATED_REQUESTS)):
            support_request = build_request(school, rng, devices, None, [None], now)
            if support_request.recipient not in handlers:
                continue
            handler = handlers[support_request.recipient]
            age = (now - support_request.created_at).days
            comments = play(support_request, PATHS[final_state(rng, age)], handler, rng)
            support_request.save()
            for comment in comments:
                comment.request = support_request
            RequestComment.objects.bulk_create(comments)
