"""Readiness measured from the school's own data: what no checklist on paper gives.

Eight items, each green / amber / red (or « non mesuré » when the data to judge it has not been
imported): families reachable, ENT accounts activated, pupils connected in the last 30 days,
devices that can be lent against the pupils declared without equipment, staff trained, the
plan's tools in service, the « continuité » mission held, the last exercise.

Pupils are ``Pupil.objects.active()`` of schooldata — the one definition of a pupil who counts
(not left, in a real division). A legal guardian is *reachable* with a non-empty, well-formed
e-mail address or mobile number; a postal address alone does not reach anyone in a closure.

Everything is computed for many schools at once with grouped queries (about ten, whatever the
number of schools, divisions or pupils): the school's page, the indicators and the territorial
view read the same code.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Length, Replace, StrIndex, Substr
from django.utils import timezone

from pilote.bookings.models import Loan
from pilote.catalogue.choices import SchoolServiceStatus
from pilote.core.aggregates import any_row, fetch_dicts, sum_when
from pilote.core.metrics import per_school
from pilote.core.models import School
from pilote.core.schoolyear import school_year_start
from pilote.inventory.choices import Category, EquipmentStatus
from pilote.inventory.models import Equipment
from pilote.missions.models import Delegation
from pilote.schooldata.models import Division, GuardianLink, Pupil, StaffMember
from pilote.skills.choices import PixEduStatus
from pilote.usage.choices import Profile
from pilote.usage.models import Account
from pilote.usage.queries import cutoffs_for, pupil_facts

from .choices import Light
from .models import ContinuityPlan, EquipmentSurvey, Exercise, TrainingRecord

MISSION_CODE = "continuite"
RECENT_DAYS = 30
LENDABLE_CATEGORIES = [Category.PORTABLE, Category.TABLETTE]
# A phone number is well-formed when, without these separators, it is 10 to 15 digits.
PHONE_SEPARATORS = " .-()+/"

# (green from, amber from) for the rates, in percent.
THRESHOLDS = {
    "familles_joignables": (95, 85),
    "activation_ent": (90, 75),
    "connexion_30j": (75, 50),
    "personnels_formes": (80, 50),
}
LABELS = {
    "familles_joignables": "Familles joignables",
    "activation_ent": "Comptes ENT activés (élèves et familles)",
    "connexion_30j": "Élèves connectés depuis 30 jours",
    "equipement": "Matériel à prêter et élèves sans équipement",
    "personnels_formes": "Personnels formés aux outils du plan",
    "outils": "Outils du plan en service",
    "mission": "Coordination (mission « continuité »)",
    "exercice": "Dernier exercice",
}
# Items whose list names pupils and families: shown only to roles that may see families.
PUPIL_LISTS = ("familles_joignables", "activation_ent", "connexion_30j")


def _without(expression, characters: str):
    for character in characters:
        expression = Replace(expression, Value(character), Value(""))
    return expression


def with_contact_checks(links):
    """``links`` annotated with what :func:`reachable_q` reads.

    Written with REPLACE, LENGTH, STRPOS and SUBSTR, which both databases run natively (a
    regular expression is a Python call per row under SQLite): an e-mail has exactly one « @ »
    with text before it, a dot inside the part after it, and no space; a phone number is 10
    to 15 digits once spaces, dots, dashes, slashes, brackets and « + » are removed.
    """
    email = F("guardian__email")
    phone = _without(F("guardian__mobile"), PHONE_SEPARATORS)
    return links.annotate(
        email_ats=Length(email) - Length(Replace(email, Value("@"), Value(""))),
        email_at=StrIndex(email, Value("@")),
    ).annotate(
        email_dot=StrIndex(Substr(email, F("email_at") + 1), Value(".")),
        phone_digits=Length(phone),
        phone_rest=_without(phone, "0123456789"),
    )


def reachable_q() -> Q:
    """A link (annotated by :func:`with_contact_checks`) whose guardian can be reached in a
    closure: a well-formed e-mail or mobile number."""
    email_ok = (
        Q(email_ats=1, email_at__gt=1, email_dot__gt=1)
        & ~Q(guardian__email__contains=" ")
        & ~Q(guardian__email__endswith=".")
    )
    phone_ok = Q(phone_rest="", phone_digits__gte=10, phone_digits__lte=15)
    return email_ok | phone_ok


def reachable_links(links):
    """Links whose guardian is reachable in a closure (see :func:`reachable_q`)."""
    return with_contact_checks(links).filter(reachable_q())


def light_for(rate: float | None, code: str) -> str:
    if rate is None:
        return Light.INCONNU
    green, amber = THRESHOLDS[code]
    if rate >= green:
        return Light.VERT
    return Light.ORANGE if rate >= amber else Light.ROUGE


def rate(part: int, whole: int) -> float | None:
    return None if not whole else round(100.0 * part / whole, 1)


@dataclass
class Item:
    code: str
    light: str
    value: str
    detail: str = ""
    to_act: int = 0

    @property
    def label(self) -> str:
        return LABELS[self.code]

    @property
    def light_label(self) -> str:
        return Light(self.light).label

    @property
    def has_pupil_list(self) -> bool:
        return self.code in PUPIL_LISTS and self.to_act > 0


@dataclass
class Counts:
    """Active pupils and what the readiness asks of them, for a school or a division."""

    total: int = 0
    reachable: int = 0
    activated: int = 0
    family_activated: int = 0
    recent: int = 0
    both_activated: int = 0
    without_device: int | None = None
    without_connection: int | None = None

    def add(self, row: dict) -> None:
        for name in (
            "total",
            "reachable",
            "activated",
            "family_activated",
            "recent",
            "both_activated",
        ):
            setattr(self, name, getattr(self, name) + row[f"n_{name}"])

    def rate(self, name: str) -> float | None:
        return rate(getattr(self, name), self.total)


@dataclass
class DivisionReadiness:
    division_id: int | None
    code: str
    counts: Counts
    has_pupil_accounts: bool

    @property
    def lights(self) -> dict[str, str]:
        c = self.counts
        accounts = self.has_pupil_accounts
        return {
            "familles_joignables": light_for(c.rate("reachable"), "familles_joignables"),
            "activation_ent": light_for(
                c.rate("activated") if accounts else None, "activation_ent"
            ),
            "connexion_30j": light_for(c.rate("recent") if accounts else None, "connexion_30j"),
        }


@dataclass
class SchoolReadiness:
    school_id: int
    items: list[Item]
    counts: Counts
    divisions: list[DivisionReadiness] = field(default_factory=list)
    plan_validated: bool = False
    last_exercise: date | None = None

    @property
    def share_green(self) -> float:
        return rate(sum(1 for item in self.items if item.light == Light.VERT), len(self.items))

    @property
    def reachable_rate(self) -> float | None:
        return self.counts.rate("reachable")

    def item(self, code: str) -> Item:
        return next(item for item in self.items if item.code == code)


# --- Grouped queries -----------------------------------------------------------------------


def _since_per_school(schools) -> Case:
    """« Connected in the last 30 days » counted back from each school's accounts export."""
    groups: dict[datetime, list[int]] = {}
    for school_id, cutoff in cutoffs_for(schools).items():
        day = cutoff.reference - timedelta(days=RECENT_DAYS)
        since = timezone.make_aware(datetime.combine(day, time.min))
        groups.setdefault(since, []).append(school_id)
    return Case(
        *[When(school_id__in=ids, then=Value(since)) for since, ids in groups.items()],
        output_field=DateTimeField(),
    )


def annotated_pupils(schools):
    """Active pupils with the four flags the readiness counts, as annotations."""
    # The guardians' own school, a constant: without it PostgreSQL may check the e-mails and
    # phones of every guardian of every school once (a hashed sub-plan), 1.5 s for one school.
    legal = GuardianLink.objects.filter(
        pupil=OuterRef("pk"), is_legal=True, guardian__school__in=schools
    )
    return (
        Pupil.objects.filter(school__in=schools)
        .active()
        .annotate(
            reachable=Exists(reachable_links(legal)),
            activated=Exists(Account.objects.filter(pupil=OuterRef("pk"), is_activated=True)),
            # From the pupil's links (indexed by pupil) to the guardians' accounts: the other
            # way round, SQLite walks every account of the table for each pupil.
            family_activated=Exists(legal.filter(guardian__usage_accounts__is_activated=True)),
            recent=Exists(
                # Account.school_id is the pupil's: the limit is the pupil's school's.
                Account.objects.filter(
                    pupil=OuterRef("pk"), last_connection__gte=_since_per_school(schools)
                )
            ),
        )
    )


FLAGS = ("reachable", "activated", "family_activated", "recent")


def pupil_rows(schools) -> list[dict]:
    """Counts per school and division of the flags of :func:`annotated_pupils`, with the
    same rules, aggregated rather than asked pupil by pupil.

    Each pupil's accounts and legal links are read in one grouped pass each (1 when one of
    them qualifies), joined to the pupils, then counted by school and division: four
    correlated subqueries per pupil cost the most of the nightly refresh of all schools, and
    PostgreSQL could check the contacts of every guardian of every school for one school.
    """
    pupils = (
        Pupil.objects.filter(school__in=schools)
        .active()
        .annotate(since=_since_per_school(schools))
        .values("id", "school_id", "division_id", "since")
        .order_by()
    )
    links = (
        with_contact_checks(
            GuardianLink.objects.filter(
                pupil__in=pupils.values("pk"), is_legal=True, guardian__school__in=schools
            )
        )
        .values("pupil_id")
        .annotate(
            reachable=any_row(reachable_q()),
            family_activated=any_row(Q(guardian__usage_accounts__is_activated=True)),
        )
        .order_by()
    )
    facts, params = pupil_facts(pupils, links)
    conditions = (
        "reachable = 1",
        "activated = 1",
        "family_activated = 1",
        "last_seen >= since",
        "activated = 1 AND family_activated = 1",
    )
    counted = ", ".join(
        sum_when(condition, f"n_{name}")
        for condition, name in zip(conditions, (*FLAGS, "both_activated"), strict=True)
    )
    sql = (
        f"SELECT school_id, division_id, COUNT(*) AS n_total, {counted} "
        f"FROM ({facts}) facts GROUP BY school_id, division_id"
    )
    return fetch_dicts(sql, params)


@dataclass
class SchoolFacts:
    """What the readiness reads once per school: the account exports imported, the devices
    that can be lent, the mission held, the last exercise."""

    profiles: set[str] = field(default_factory=set)
    lendable: int = 0
    mission_held: bool = False
    last_exercise: date | None = None


def school_facts(schools) -> dict[int, SchoolFacts]:
    """One query for all the schools: indexed probes and small counts per school, never a
    scan of every account or device."""
    profiles = (Profile.ELEVE, Profile.PARENT)
    open_loan = Loan.objects.filter(equipment=OuterRef("pk"), returned_on__isnull=True)
    lendable = (
        Equipment.objects.filter(
            school=OuterRef("pk"),
            category__in=LENDABLE_CATEGORIES,
            status=EquipmentStatus.EN_SERVICE,
        )
        .exclude(Exists(open_loan))
        .order_by()
        .values("school")
        .annotate(n=Count("pk"))
        .values("n")
    )
    held = Delegation.objects.active().filter(
        school=OuterRef("pk"), mission__code=MISSION_CODE, mission__school__isnull=True
    )
    last = Exercise.objects.filter(school=OuterRef("pk")).order_by("-held_on").values("held_on")
    rows = (
        School.objects.filter(pk__in=[school.pk for school in schools])
        .annotate(
            **{
                f"has_{profile}": Exists(
                    Account.objects.filter(school=OuterRef("pk"), profile=profile)
                )
                for profile in profiles
            },
            lendable=Coalesce(Subquery(lendable), 0),
            mission_held=Exists(held),
            last_exercise=Subquery(last[:1]),
        )
        .values("pk", "lendable", "mission_held", "last_exercise", *[f"has_{p}" for p in profiles])
    )
    return {
        row["pk"]: SchoolFacts(
            profiles={profile for profile in profiles if row[f"has_{profile}"]},
            lendable=row["lendable"],
            mission_held=row["mission_held"],
            last_exercise=row["last_exercise"],
        )
        for row in rows
    }


def account_profiles(schools) -> dict[int, set[str]]:
    return {pk: facts.profiles for pk, facts in school_facts(schools).items()}


def surveys(schools) -> dict[int, dict[int, tuple[int, int]]]:
    found: dict[int, dict[int, tuple[int, int]]] = {}
    for row in EquipmentSurvey.objects.filter(school__in=schools).values(
        "school_id", "division_id", "without_device", "without_connection"
    ):
        found.setdefault(row["school_id"], {})[row["division_id"]] = (
            row["without_device"],
            row["without_connection"],
        )
    return found


def staff_training(schools, on: date) -> dict[int, dict]:
    """Teachers of STS-web, those trained this school year, those engaged in Pix+ Édu."""
    trained = TrainingRecord.objects.filter(
        staff=OuterRef("pk"), trained_on__gte=school_year_start(on)
    )
    return per_school(
        StaffMember.objects.filter(school__in=schools)
        .teachers()
        .annotate(is_trained=Exists(trained)),
        total=Count("pk"),
        trained=Count("pk", filter=Q(is_trained=True)),
        pix_edu=Count("pk", filter=Q(pix_edu__status__in=PixEduStatus.engaged())),
    )


def plans_of_year(schools, year: int) -> dict[int, ContinuityPlan]:
    """This year's plans, each with how many tools it has and how many are in service."""
    in_service = Q(tools__school_service__status=SchoolServiceStatus.EN_SERVICE)
    return {
        plan.school_id: plan
        for plan in ContinuityPlan.objects.filter(school__in=schools, school_year=year).annotate(
            tool_count=Count("tools"), tools_in_service=Count("tools", filter=in_service)
        )
    }


# --- Items ---------------------------------------------------------------------------------


def french_rate(value: float | None) -> str:
    from pilote.core.metrics import format_value

    return format_value(value, "percent")


def families_item(counts: Counts) -> Item:
    value = counts.rate("reachable")
    missing = counts.total - counts.reachable
    return Item(
        "familles_joignables",
        light_for(value, "familles_joignables"),
        f"{french_rate(value)} ({counts.reachable} élèves sur {counts.total})",
        "Élèves dont au moins un représentant légal a un courriel ou un téléphone portable "
        "valide dans SIECLE.",
        missing,
    )


def accounts_item(counts: Counts, profiles: set[str]) -> Item:
    if Profile.ELEVE not in profiles:
        return Item(
            "activation_ent",
            Light.INCONNU,
            "—",
            "Aucun export des comptes de l'ENT importé (page Usages).",
        )
    pupils = counts.rate("activated")
    families = counts.rate("family_activated") if Profile.PARENT in profiles else None
    worst = min(v for v in (pupils, families) if v is not None) if pupils is not None else None
    value = f"élèves {french_rate(pupils)}, familles {french_rate(families)}"
    done = counts.both_activated if families is not None else counts.activated
    to_act = counts.total - done
    return Item(
        "activation_ent",
        light_for(worst, "activation_ent"),
        value,
        "Élèves dont le compte est activé ; élèves dont au moins un représentant légal a "
        "activé le sien.",
        to_act,
    )


def recent_item(counts: Counts, profiles: set[str]) -> Item:
    if Profile.ELEVE not in profiles:
        return Item("connexion_30j", Light.INCONNU, "—", "Aucun export des comptes de l'ENT.")
    value = counts.rate("recent")
    return Item(
        "connexion_30j",
        light_for(value, "connexion_30j"),
        f"{french_rate(value)} ({counts.recent} élèves sur {counts.total})",
        "Comptés jusqu'à la date du dernier export des comptes.",
        counts.total - counts.recent,
    )


def equipment_item(lendable: int, survey: dict | None) -> Item:
    if not survey:
        return Item(
            "equipement",
            Light.INCONNU,
            f"{lendable} appareil{'s' if lendable > 1 else ''} à prêter",
            "Aucun recensement des élèves sans équipement : saisissez-le par division.",
        )
    needed = sum(device for device, _ in survey.values())
    offline = sum(connection for _, connection in survey.values())
    if lendable >= needed:
        light = Light.VERT
    elif lendable * 2 >= needed:
        light = Light.ORANGE
    else:
        light = Light.ROUGE
    return Item(
        "equipement",
        light,
        f"{lendable} appareil{'s' if lendable > 1 else ''} à prêter pour {needed} élève"
        f"{'s' if needed > 1 else ''} sans équipement",
        f"Ordinateurs portables et tablettes en service non prêtés (Parc) ; {offline} élève"
        f"{'s' if offline > 1 else ''} sans connexion à la maison.",
        max(needed - lendable, 0),
    )


def training_item(row: dict | None) -> Item:
    if not row or not row["total"]:
        return Item(
            "personnels_formes", Light.INCONNU, "—", "Aucun enseignant connu : importez STS-web."
        )
    value = rate(row["trained"], row["total"])
    return Item(
        "personnels_formes",
        light_for(value, "personnels_formes"),
        f"{french_rate(value)} ({row['trained']} enseignants sur {row['total']})",
        f"Formation datée de cette année scolaire ; {row['pix_edu']} engagé"
        f"{'s' if row['pix_edu'] > 1 else ''} dans Pix+ Édu.",
        row["total"] - row["trained"],
    )


def tools_item(plan: ContinuityPlan | None) -> Item:
    if plan is None or not plan.tool_count:
        return Item("outils", Light.ROUGE, "aucun outil retenu", "Retenez les outils du plan.")
    total, working = plan.tool_count, plan.tools_in_service
    light = Light.VERT if working == total else Light.ORANGE
    if not working:
        light = Light.ROUGE
    return Item(
        "outils",
        light,
        f"{working} sur {total} en service",
        "Services du catalogue de l'établissement retenus par le plan.",
        total - working,
    )


def mission_item(held: bool) -> Item:
    if held:
        return Item("mission", Light.VERT, "titulaire désigné", "Matrice des missions.")
    return Item("mission", Light.ROUGE, "sans titulaire", "La mission retombe sur le chef.", 1)


def exercise_item(last: date | None, today: date) -> Item:
    if last is None:
        return Item("exercice", Light.ROUGE, "aucun exercice", "Jouez un scénario du plan.", 1)
    days = (today - last).days
    light = Light.VERT if days <= 365 else Light.ORANGE
    return Item("exercice", light, f"le {last:%d/%m/%Y}", f"Il y a {days} jours.")


# --- Entry points --------------------------------------------------------------------------


def measure(schools, *, divisions: bool = False, on: date | None = None) -> dict:
    """``{school_id: SchoolReadiness}`` for the given schools, in five grouped queries (six
    with the divisions) whatever the number of schools, divisions or pupils."""
    from .plans import current_year

    schools = list(schools)
    if not schools:
        return {}
    today = on or timezone.localdate()
    rows = pupil_rows(schools)
    facts = school_facts(schools)
    survey = surveys(schools)
    training = staff_training(schools, today)
    plans = plans_of_year(schools, current_year())
    per_school: dict[int, Counts] = {school.pk: Counts() for school in schools}
    per_division: dict[int, dict] = {school.pk: {} for school in schools}
    for row in rows:
        per_school[row["school_id"]].add(row)
        per_division[row["school_id"]].setdefault(row["division_id"], Counts()).add(row)
    result = {}
    for school in schools:
        counts = per_school[school.pk]
        fact = facts.get(school.pk, SchoolFacts())
        known = fact.profiles
        plan = plans.get(school.pk)
        readiness = SchoolReadiness(
            school.pk,
            [
                families_item(counts),
                accounts_item(counts, known),
                recent_item(counts, known),
                equipment_item(fact.lendable, survey.get(school.pk)),
                training_item(training.get(school.pk)),
                tools_item(plan),
                mission_item(fact.mission_held),
                exercise_item(fact.last_exercise, today),
            ],
            counts,
            plan_validated=bool(plan and plan.is_validated),
            last_exercise=fact.last_exercise,
        )
        if divisions:
            readiness.divisions = division_rows(
                school, per_division[school.pk], survey.get(school.pk, {}), known
            )
        result[school.pk] = readiness
    return result


def division_rows(school, counts: dict, survey: dict, profiles: set[str]) -> list:
    """One row per division of the school (with or without pupils), then pupils not placed."""
    rows = []
    for division_id, code in (
        Division.objects.for_school(school).classes().values_list("pk", "code").order_by("code")
    ):
        division = counts.get(division_id, Counts())
        if division_id in survey:
            division.without_device, division.without_connection = survey[division_id]
        rows.append(DivisionReadiness(division_id, code, division, Profile.ELEVE in profiles))
    if None in counts:
        rows.append(
            DivisionReadiness(None, "Sans division", counts[None], Profile.ELEVE in profiles)
        )
    return rows


def for_school(school, *, divisions: bool = True) -> SchoolReadiness:
    return measure([school], divisions=divisions)[school.pk]


def pupils_to_act(school, code: str, division_id: int | None = None):
    """The active pupils an item asks to act on (for roles that may see families)."""
    pupils = annotated_pupils([school]).select_related("division")
    not_activated = Q(activated=False)
    if Profile.PARENT in account_profiles([school]).get(school.pk, set()):
        not_activated |= Q(family_activated=False)
    conditions = {
        "familles_joignables": Q(reachable=False),
        "activation_ent": not_activated,
        "connexion_30j": Q(recent=False),
    }
    pupils = pupils.filter(conditions[code])
    if division_id is not None:
        pupils = pupils.filter(division_id=division_id)
    return pupils.order_by("division__code", "last_name", "first_name")


def division_headcounts(school) -> list[tuple[int, str, int]]:
    """(division id, code, active pupils) for every class of the school, in two queries."""
    counts = dict(
        Pupil.objects.for_school(school)
        .active()
        .exclude(division=None)
        .values("division_id")
        .annotate(n=Count("pk"))
        .values_list("division_id", "n")
    )
    return [
        (pk, code, counts.get(pk, 0))
        for pk, code in Division.objects.for_school(school)
        .classes()
        .order_by("code")
        .values_list("pk", "code")
    ]
