"""One test case per model of the generic views (NetBox's view test cases), for every module.

The routes are read from Django's URL resolver: every page under ``/etablissements/<uai>/``
whose view derives from a view of ``core.generic`` is tried, a new module's pages included the
day they are routed. Each model needs a factory in :data:`FACTORIES` (the first test fails
otherwise). For each route:

- **my school's URL with another school's object id**: GET and POST answer 404 (never 403,
  which would confirm the object, never a page naming the other school; 405 for a method the
  page does not take), nothing written;
- **without the capability** (a member whose role lacks the level the view declares for the
  method): GET and POST answer 403, nothing written but the journaled refusal;
- **with the capability** (the head): the list (with a row) and its CSV and XLSX exports, the
  fiche and the forms answer 200; an edit sent back with the form's own values is saved; a
  deletion deletes; a creation sent with the values of a factory-made object creates.

Listed exceptions, with their reason: the steps of a workflow (:data:`WORKFLOW_STEPS`, whose
POST is tested by their module), the lists that show only some rows (:data:`LIST_FACTORIES`
makes one they show) or rows of another model (:data:`LIST_ROWS_ELSEWHERE`).
"""

import re

import pytest
from django import forms
from django.forms.models import model_to_dict
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from pilote.bookings.models import Booking, ClosedPeriod, Loan, Resource, TimeSlot
from pilote.catalogue.models import RegisterEntry, SchoolService, Service, ValidationRequest
from pilote.continuity.models import (
    Activation,
    ContinuityPlan,
    Exercise,
    PlanTool,
    Scenario,
    TrainingRecord,
)
from pilote.core import generic
from pilote.core.choices import Role
from pilote.core.generic import GENERIC_VIEWS
from pilote.core.models import JournalEntry
from pilote.core.permissions import PUPIL_NAMES, Capabilities
from pilote.inventory.models import Equipment, Room
from pilote.missions.models import Delegation, Mission, MissionLetter
from pilote.pilotage.models import Action
from pilote.schooldata.models import DataImport, Division, Pupil, StaffMember
from pilote.security.models import CharterVersion, Incident
from pilote.skills.models import Campaign, CertificationResult, Participation, PixEduRecord
from pilote.support.models import SupportRequest
from pilote.usage.models import FollowUp
from tests.bookings import factories as bookings
from tests.catalogue import factories as catalogue
from tests.continuity import factories as continuity
from tests.core.dbstate import database_snapshot
from tests.core.factories import MembershipFactory, UserFactory
from tests.inventory import factories as inventory
from tests.missions import factories as missions
from tests.pilotage import factories as pilotage
from tests.schooldata import factories as schooldata
from tests.security import factories as security
from tests.skills import factories as skills
from tests.support import factories as support
from tests.usage import factories as usage

SCHOOL_PREFIX = "etablissements/<str:uai>/"


def member_of(school):
    """Someone the school's forms may choose (a responsible, a holder, a referent)."""
    return MembershipFactory(school=school, role=Role.ENSEIGNANT).user


# One object of the model, saved in ``school`` with what it needs (also in that school).
FACTORIES = {
    Equipment: inventory.EquipmentFactory,
    Room: inventory.RoomFactory,
    Service: catalogue.ServiceFactory,
    SchoolService: catalogue.SchoolServiceFactory,
    ValidationRequest: catalogue.ValidationRequestFactory,
    RegisterEntry: catalogue.RegisterEntryFactory,
    Pupil: schooldata.PupilFactory,
    Division: schooldata.DivisionFactory,
    StaffMember: schooldata.StaffMemberFactory,
    DataImport: schooldata.DataImportFactory,
    Resource: bookings.ResourceFactory,
    Booking: lambda school: bookings.BookingFactory(resource__school=school),
    TimeSlot: bookings.TimeSlotFactory,
    ClosedPeriod: bookings.ClosedPeriodFactory,
    Loan: bookings.LoanFactory,
    FollowUp: lambda school: usage.FollowUpFactory(pupil__school=school),
    Campaign: skills.CampaignFactory,
    Participation: lambda school: skills.ParticipationFactory(campaign__school=school),
    CertificationResult: skills.CertificationResultFactory,
    PixEduRecord: lambda school: skills.PixEduRecordFactory(staff__school=school),
    Incident: security.IncidentFactory,
    CharterVersion: security.CharterVersionFactory,
    Mission: missions.MissionFactory,
    Delegation: lambda school: missions.DelegationFactory(school=school, holder=member_of(school)),
    MissionLetter: lambda school: missions.MissionLetterFactory(
        school=school, referent=member_of(school)
    ),
    SupportRequest: support.SupportRequestFactory,
    # Validated: its dated steps (« présenté au CA »…) come after the head's validation.
    ContinuityPlan: lambda school: continuity.make_plan(school, validated_by=member_of(school)),
    Scenario: lambda school: continuity.make_plan(school).scenarios.first(),
    PlanTool: continuity.PlanToolFactory,
    TrainingRecord: continuity.TrainingRecordFactory,
    Exercise: continuity.ExerciseFactory,
    Activation: continuity.ActivationFactory,
    Action: lambda school: pilotage.ActionFactory(school=school, responsible=member_of(school)),
}
# Lists that show only some rows: an object they show.
LIST_FACTORIES = {
    "bookings:booking_list": lambda world: bookings.BookingFactory(
        resource__school=world.college, booked_by=world["chef.college"]
    ),
    "bookings:pending": lambda world: bookings.BookingFactory(
        resource__school=world.college, resource__approval=True, pending=True
    ),
    "bookings:loans_overdue": lambda world: bookings.LoanFactory(
        school=world.college, overdue=True
    ),
}
# Lists whose rows are not their model's, with what they show instead.
LIST_ROWS_ELSEWHERE = {
    "skills:candidate_list": "les élèves des niveaux de la certification, pas les participations",
}


def make(model, school):
    factory = FACTORIES[model]
    return factory(school) if not isinstance(factory, type) else factory(school=school)


def walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            yield route, f"{namespace}:{pattern.name}", pattern.callback


def generic_routes() -> dict[str, tuple[str, type]]:
    """URL name → (route, view class) of every generic page of a school, one name per route."""
    found, seen = {}, set()
    for route, name, callback in walk(get_resolver().url_patterns):
        view = getattr(callback, "view_class", None)
        if not (route.startswith(SCHOOL_PREFIX) and issubclass(view or object, GENERIC_VIEWS)):
            continue
        if route not in seen:
            seen.add(route)
            found[name] = (route, view)
    return found


ROUTES = generic_routes()
OBJECT_ROUTES = [name for name, (route, _view) in ROUTES.items() if "<int:" in route]


def url_of(name: str, school, obj=None) -> str:
    """The page ``name`` of ``school``; its ids (``pk``, the parent's ``plan``…) are ``obj``'s."""
    route, _view = ROUTES[name]
    kwargs = {"uai": school.uai}
    for key in re.findall(r"<int:(\w+)>", route):
        kwargs[key] = obj.pk if key == "pk" else getattr(obj, f"{key}_id")
    return reverse(name, kwargs=kwargs)


def allows(view, method: str) -> bool:
    return method in view.http_method_names and hasattr(view, method)


def database_state(model) -> tuple:
    """Row counts of every table and every column of ``model``'s rows."""
    rows = sorted(model._base_manager.values_list(), key=repr)
    return database_snapshot(), rows


@pytest.fixture
def head(client, world):
    client.force_login(world["chef.college"])
    return client


def test_every_model_of_the_generic_views_has_a_factory():
    models_without = sorted(
        {view.model._meta.label for _route, view in ROUTES.values()}
        - {m._meta.label for m in FACTORIES}
    )
    assert not models_without, f"modèles sans fabrique dans FACTORIES : {models_without}"
    assert len(ROUTES) > 80, sorted(ROUTES)


# --- My school's URL with another school's object id -----------------------------------------


@pytest.mark.parametrize("name", OBJECT_ROUTES)
def test_another_schools_object_is_not_found_under_my_school(head, world, name):
    _route, view = ROUTES[name]
    theirs = make(view.model, world.lycee)
    url = url_of(name, world.college, theirs)
    before = database_state(view.model)
    for method in ("get", "post"):
        # A page without a form (or a form without a page) refuses the method before looking
        # for the object.
        expected = 404 if allows(view, method) else 405
        response = getattr(head, method)(url)
        assert response.status_code == expected, f"{method.upper()} {url} → {response.status_code}"
        assert world.lycee.name not in response.content.decode(), f"{method.upper()} {url}"
    assert database_state(view.model) == before


# --- Without the capability -------------------------------------------------------------------


def member_without(world, domain, level, *, names_pupils=False):
    """A member of the collège whose role lacks ``level`` in ``domain`` (the académie's DPD,
    who reads only the RGPD registers, when every school role has it)."""
    for username in ("prof.college", "cpe.college", "rrupn.college", "sg.college"):
        role = world[username].memberships.get().role
        caps = Capabilities.from_roles([role])
        if not caps.can(domain, level) or (names_pupils and not caps.can(*PUPIL_NAMES)):
            return world[username]
    dpd = UserFactory(username="dpd.academie")  # the same person when asked twice
    if not dpd.memberships.exists():
        MembershipFactory(user=dpd, school=None, academie=world.academie, role=Role.DPD)
    return dpd


@pytest.mark.parametrize("name", list(ROUTES))
def test_a_role_without_the_capability_is_refused_and_nothing_is_written(client, world, name):
    _route, view = ROUTES[name]
    mine = make(view.model, world.college) if "<int:" in ROUTES[name][0] else None
    url = url_of(name, world.college, mine)
    clients = {}
    for method in ("GET", "POST"):
        level = view().required_level_for(method)
        clients[method] = type(client)()  # logged in before the snapshot: logging in writes
        clients[method].force_login(
            member_without(world, view.domain, level, names_pupils=view.names_pupils)
        )
    before, refusals = database_state(view.model), JournalEntry.objects.count()
    for method, refused in clients.items():
        response = refused.get(url) if method == "GET" else refused.post(url, {})
        assert response.status_code == 403, f"{method} {url} → {response.status_code}"
    assert database_state(view.model) == before
    assert JournalEntry.objects.count() == refusals + 2, "chaque refus est journalisé"


# --- With the capability ----------------------------------------------------------------------

# Pages whose POST is a step of a module's workflow, not the generic form: the head opens them
# (or is refused the GET, for POST-only steps) here; their module tests the step itself.
WORKFLOW_STEPS = {
    "catalogue:request_submit": "soumission d'une demande (tests/catalogue/test_workflow.py)",
    "catalogue:request_decline": "refus de la transmettre (tests/catalogue/test_workflow.py)",
    "catalogue:request_opinion": "avis de l'académie ou de la collectivité (idem)",
    "catalogue:request_decide": "décision du chef (idem)",
    "missions:letter_signed_upload": "dépôt de la lettre signée (tests/missions/test_views.py)",
    "pilotage:action_note": "note de suivi d'une action (tests/pilotage/test_actions.py)",
    "bookings:loan_return": "retour d'un prêt (tests/bookings/test_feeds_loans_indicators.py)",
    "continuity:activation_close": "clôture (tests/continuity/test_activations.py)",
}


def form_data(form, values=None) -> dict:
    """What the browser sends back for ``form``: every field's shown value, or the one of
    ``values`` (a model's, by field name) when given. Files are not sent back."""
    values = values or {}
    data = {}
    for field in form:
        widget = field.field.widget
        value = field.field.prepare_value(values[field.name]) if field.name in values else None
        if value is None or not offered(field.field, value):
            value = field.value()
        if isinstance(field.field, forms.FileField) or value is None:
            continue
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[field.html_name] = "on"
        elif isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            for index, (sub, part) in enumerate(zip(widget.widgets, parts, strict=True)):
                data[f"{field.html_name}_{index}"] = sub.format_value(part) or ""
        else:
            shown = widget.format_value(value)
            data[field.html_name] = "" if shown is None else shown
    return data


def offered(field, value) -> bool:
    """Whether a model's value is one of a choice field's choices (a form may offer « oui » /
    « non » for a boolean: its own initial value is then the one to send)."""
    if not isinstance(field, forms.ChoiceField) or isinstance(
        field, forms.ModelChoiceField | forms.MultipleChoiceField
    ):
        return True
    return field.valid_value(str(value))


def creation_data(name, world, head) -> tuple[str, dict]:
    """The creation page's address and the values of a factory-made object of the collège,
    deleted once read (its own related objects stay, for the lists of the form)."""
    _route, view = ROUTES[name]
    made = make(view.model, world.college)
    url = url_of(name, world.college, made)
    form = head.get(url).context["form"]
    values = model_to_dict(made, fields=list(form.fields))
    made.delete()
    return url, form_data(form, values)


def kind(view) -> str:
    for base, label in (
        (generic.ObjectListView, "list"),
        (generic.ObjectCreateView, "create"),
        (generic.ObjectUpdateView, "edit"),
        (generic.ObjectDeleteView, "delete"),
        (generic.ObjectDetailView, "detail"),
    ):
        if issubclass(view, base):
            return label
    raise AssertionError(view)


@pytest.mark.parametrize("name", list(ROUTES))
def test_the_head_uses_the_page(head, world, name):
    _route, view = ROUTES[name]
    mine = make(view.model, world.college)
    url = url_of(name, world.college, mine)
    action = kind(view)
    if name in LIST_FACTORIES:
        LIST_FACTORIES[name](world)
    if name in WORKFLOW_STEPS:
        expected = {200, 302} if allows(view, "get") else {405}
        assert head.get(url).status_code in expected, url
        return
    response = head.get(url)
    assert response.status_code == 200, f"GET {url} → {response.status_code}"
    if action == "list":
        if name not in LIST_ROWS_ELSEWHERE:
            assert response.context["table"].rows, "la liste montre l'objet de l'établissement"
        for fmt in view.export_formats:
            export = head.get(f"{url}?_export={fmt}")
            assert export.status_code == 200, f"{url}?_export={fmt}"
            assert export["Content-Disposition"].endswith(f'.{fmt}"')
    elif action == "edit":
        history = getattr(mine, "history", None)
        saved_before = history.count() if history is not None else None
        answer = head.post(url, form_data(response.context["form"]))
        assert answer.status_code == 302, form_errors(answer)
        if history is not None:
            assert history.count() == saved_before + 1, "la modification est enregistrée"
        assert view.model._base_manager.filter(pk=mine.pk).exists()
    elif action == "delete":
        answer = head.post(url)
        assert answer.status_code == 302, f"POST {url} → {answer.status_code}"
        assert not view.model._base_manager.filter(pk=mine.pk).exists()
    elif action == "create":
        url, data = creation_data(name, world, head)
        count = view.model._base_manager.count()
        answer = head.post(url, data)
        assert answer.status_code == 302, form_errors(answer)
        assert view.model._base_manager.count() == count + 1


def form_errors(response):
    form = response.context and response.context.get("form")
    return (response.status_code, form.errors if form is not None else None)


def test_the_exceptions_name_existing_pages():
    assert set(WORKFLOW_STEPS) | set(LIST_FACTORIES) | set(LIST_ROWS_ELSEWHERE) <= set(ROUTES)
