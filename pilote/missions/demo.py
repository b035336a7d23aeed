"""Demo data of « Missions »: delegations in both schools (one mission left vacant in each, one
expired delegation not yet replaced), the collège's RRUPN overloaded, and two lettres de
mission."""

import datetime

from django.utils import timezone

from pilote.core.schoolyear import school_year_start

from .choices import DelegationRank, ImpRate, LetterStatus
from .models import Delegation, Mission, MissionLetter

P, S = DelegationRank.PRINCIPALE, DelegationRank.SECONDAIRE

# mission code → (username, rank); a missing code is the school's vacant mission.
COLLEGE = {
    "ent_admin": ("rrupn.college", P),
    "gar_affectation": ("rrupn.college", P),
    "moodle_elea": ("rrupn.college", P),
    "pix": ("rrupn.college", S),
    "formation": ("rrupn.college", S),
    "equipements_mobiles": ("rrupn.college", S),
    "gar_delegue": ("doc.college", P),
    "site_web": ("doc.college", P),
    "educonnect_admin": ("cpe.college", P),
    "siecle_sts": ("sg.college", P),
    "referent_rgpd": ("sg.college", P),
    "parc_local": ("sg.college", S),
    "correspondant_securite": ("adjoint.college", P),
}
LYCEE = {
    "ent_admin": ("rrupn.lycee", P),
    "moodle_elea": ("rrupn.lycee", P),
    "pix": ("rrupn.lycee", P),
    "formation": ("rrupn.lycee", S),
    "gar_affectation": ("chef.lycee", P),
    "gar_delegue": ("prof.lycee", S),
    "site_web": ("prof.lycee", P),
    "equipements_mobiles": ("ddfpt.lycee", P),
    "parc_local": ("ddfpt.lycee", P),
    "siecle_sts": ("adjoint.lycee", P),
    "correspondant_securite": ("adjoint.lycee", P),
    "referent_rgpd": ("adjoint.lycee", S),
    "continuite": ("adjoint.lycee", S),
}


def delegate(school, plan: dict, users: dict, start: datetime.date, letter=None) -> None:
    missions = {m.code: m for m in Mission.objects.available_to(school)}
    for code, (username, rank) in plan.items():
        holder = users[username]
        Delegation.objects.create(
            school=school,
            mission=missions[code],
            holder=holder,
            rank=rank,
            start_date=start,
            letter=letter if letter and letter.referent == holder else None,
        )


def letter_for(school, referent, start: datetime.date, **fields) -> MissionLetter:
    return MissionLetter.objects.create(
        school=school,
        referent=referent,
        school_year=f"{start.year}-{start.year + 1}",
        start_date=start,
        end_date=datetime.date(start.year + 1, 8, 31),
        indicators=["missions.sans_titulaire", "assistance.delai_median"],
        trainings="Parcours de formation des référents numériques de la DRANE (3 journées) "
        "et rencontres du bassin.",
        **fields,
    )


def load(demo) -> None:
    start = school_year_start(timezone.localdate())
    users = demo.users
    college_letter = letter_for(
        demo.college,
        users["rrupn.college"],
        start,
        imp_rate=ImpRate.UNE,
        resources="Un ordinateur portable, un téléphone de service, un bureau partagé au CDI, "
        "une heure de concertation hebdomadaire.",
        conseil_pedagogique_date=start + datetime.timedelta(days=17),
        conseil_administration_date=start + datetime.timedelta(days=45),
        status=LetterStatus.SIGNEE,
    )
    letter_for(
        demo.lycee,
        users["rrupn.lycee"],
        start,
        imp_rate=ImpRate.DEMI,
        service_reduction="1 heure hebdomadaire",
        resources="Un ordinateur portable et l'accès au local technique.",
        conseil_pedagogique_date=start + datetime.timedelta(days=24),
    )
    delegate(demo.college, COLLEGE, users, start, college_letter)
    delegate(demo.lycee, LYCEE, users, start)
    # Last year's continuity coordinator left in the summer: the mission is vacant since.
    Delegation.objects.create(
        school=demo.college,
        mission=Mission.objects.get(school=None, code="continuite"),
        holder=users["prof.college"],
        start_date=start - datetime.timedelta(days=365),
        end_date=start - datetime.timedelta(days=62),
    )
