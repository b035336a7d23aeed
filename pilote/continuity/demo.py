"""Demo data of « Continuité »: the collège has a validated plan (presented to the CA), one
exercise and amber readiness items (part of the staff trained, fewer devices to lend than
pupils without equipment); the lycée has a draft. The numbers follow the demo's own data."""

import datetime

from django.utils import timezone

from pilote.catalogue.choices import SchoolServiceStatus, ServiceKind
from pilote.catalogue.models import SchoolService
from pilote.core.schoolyear import school_year_start
from pilote.schooldata.models import Pupil, StaffMember

from .choices import ScenarioKind, ToolUse
from .models import EquipmentSurvey, Exercise, PlanTool, TrainingRecord
from .plans import create_plan, validate

# Tools of the collège's plan: (use, how to find the service among the collège's own).
# The virtual classroom is still « à l'essai »: the « outils » item shows amber.
TOOLS = [
    (ToolUse.COMMUNICATION, {"service__kind": ServiceKind.ENT}),
    (ToolUse.COURS, {"service__code": "elea"}),
    (ToolUse.CLASSE_VIRTUELLE, {"service__name__icontains": "classes virtuelles"}),
    (ToolUse.VIE_SCOLAIRE, {"service__kind": ServiceKind.VIE_SCOLAIRE, "service__code": ""}),
]


def _service(school, lookups):
    services = SchoolService.objects.for_school(school).filter(**lookups)
    return services.exclude(status=SchoolServiceStatus.RETIRE).order_by("pk").first()


def load(demo) -> None:
    today = timezone.localdate()
    start = school_year_start(today)
    college = create_plan(demo.college)
    college.objectives = (
        "Garder chaque jour le lien avec chaque élève ; assurer les enseignements "
        "obligatoires selon l'emploi du temps ; faire le bilan des acquis à la reprise."
    )
    college.timetable_principles = (
        "Emploi du temps habituel conservé ; une classe virtuelle par demi-journée et par "
        "division, le reste en travail autonome ; même organisation pour toutes les classes "
        "d'un niveau."
    )
    college.identities = (
        "ÉduConnect pour les élèves et les familles (activation vérifiée en septembre) ; "
        "guichet agents pour les personnels."
    )
    college.training_plan = (
        "Prise en main de la classe virtuelle par les 6e en septembre ; formation des "
        "enseignants par le RRUPN en octobre."
    )
    college.resources = "Manuels numériques du GAR, parcours ÉLÉA de chaque discipline."
    college.evaluation = "Pas d'évaluation sommative à distance ; bilan commun à la reprise."
    college.checklist = {
        "coordonnees_familles": True,
        "identifiants": True,
        "emplois_du_temps": True,
        "outils_communs": True,
        "classe_virtuelle": True,
        "ressources": True,
        "conditions_domicile": True,
    }
    college.save()
    validate(college, demo.users["chef.college"])
    college.validated_on = min(start + datetime.timedelta(days=20), today)
    college.ca_presented_on = min(start + datetime.timedelta(days=45), today)
    college.refresh_status()
    college.save()
    for use, lookups in TOOLS:
        service = _service(demo.college, lookups)
        if service is not None:
            PlanTool.objects.create(
                school=demo.college, plan=college, use=use, school_service=service
            )
    _survey(demo.college)
    _training(demo.college)
    Exercise.objects.create(
        school=demo.college,
        held_on=min(start + datetime.timedelta(days=60), today),
        scenario=ScenarioKind.FERMETURE_PARTIELLE,
        scope="Niveau 5e (une demi-journée)",
        worked="Les classes virtuelles ont eu lieu ; les devoirs étaient dans l'ENT.",
        did_not_work="Une vingtaine d'élèves sans identifiants ÉduConnect ; deux familles "
        "injoignables ; le micro des portables de prêt ne fonctionnait pas.",
        corrective_measures="Redistribuer les identifiants ÉduConnect en 5e\n"
        "Vérifier les coordonnées des familles injoignables\n"
        "Tester les portables de prêt avant de les confier",
    )
    create_plan(demo.lycee)


def _survey(school) -> None:
    """About one pupil in eight without a device, one in twelve without a connection."""
    from django.db.models import Count

    headcounts = (
        Pupil.objects.for_school(school)
        .active()
        .exclude(division=None)
        .values("division_id")
        .annotate(n=Count("pk"))
    )
    EquipmentSurvey.objects.bulk_create(
        EquipmentSurvey(
            school=school,
            division_id=row["division_id"],
            without_device=row["n"] // 8,
            without_connection=row["n"] // 12,
        )
        for row in headcounts
    )


def _training(school) -> None:
    """Two teachers in three trained in October."""
    teachers = list(StaffMember.objects.for_school(school).teachers().order_by("pk"))
    day = min(
        school_year_start(timezone.localdate()) + datetime.timedelta(days=40), timezone.localdate()
    )
    TrainingRecord.objects.bulk_create(
        TrainingRecord(school=school, staff=teacher, trained_on=day, topic="Classe virtuelle")
        for index, teacher in enumerate(teachers)
        if index % 3 != 2
    )
