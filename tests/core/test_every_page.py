"""On the full demo, every page, tried by each school's head and by intruders.

The heads of both schools walk every link (lists, fiches, filters, sorts, CSV/XLSX exports,
PDF, Word, API) from their school's home: no 500. Pages reached only by a form (POST) are
tested by their module. The same walks then serve as the list of every route that names an
object, tried as an intruder would (NetBox's way, for every module at once, a new module
included the day its pages are linked):

- **My school's URL with another school's object id**: the lycée's objects requested under the
  collège's address by the collège's head answer 404, never the object; the forms refuse a POST
  and the database is unchanged.
- **Without the capability**: a teacher of the collège opening or posting to a generic page
  (``core.generic``) his role does not allow gets 403 and the database is unchanged (only the
  refusal is journaled).
"""

import pytest
from django.test import Client, override_settings
from django.urls import resolve

from pilote.core import generic
from pilote.core.models import JournalEntry, Membership, School, User
from pilote.core.permissions import capabilities_for
from tests.core.dbstate import database_snapshot
from tests.demo_crawl import crawl, demo_data, demo_media  # noqa: F401 (fixtures)
from tests.names_seen import names_in, rows_of, secret_names

pytestmark = pytest.mark.usefixtures("demo_media")

COLLEGE, LYCEE = "0449901Y", "0449902Z"
HEADS = {COLLEGE: "chef.college", LYCEE: "chef.lycee"}
# Pages that failed for every visitor before (issue #15): the crawl must reach them.
ONCE_BROKEN = [
    "etablissements/<str:uai>/services/registre/fiches/<int:pk>/",
    "etablissements/<str:uai>/services/catalogue/",
    "etablissements/<str:uai>/reservations/occupation/",
]


def logged_in(username: str) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username=username))
    return client


@pytest.fixture(scope="module")
def head_walks(demo_data, django_db_blocker):  # noqa: F811
    """Each head's walk of the demo, done once for all the tests of this module."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=demo_data):
        return {
            uai: crawl(logged_in(username), [f"/etablissements/{uai}/", "/api/v1/"])
            for uai, username in HEADS.items()
        }


@pytest.mark.django_db
@pytest.mark.parametrize("uai", HEADS)
def test_head_walks_every_page_and_export_of_the_demo_without_error(head_walks, uai):
    walk = head_walks[uai]
    assert not walk.failures(), walk.failures()
    assert set(ONCE_BROKEN) <= walk.routes()
    exports = {v.url.rsplit("_export=", 1)[1] for v in walk.visits if "_export=" in v.url}
    assert exports == {"csv", "xlsx"}
    assert any(v.url.endswith(".pdf") for v in walk.visits)
    assert len(walk.visits) > 150, len(walk.visits)


FORMS = (generic.ObjectCreateView, generic.ObjectUpdateView, generic.ObjectDeleteView)


def object_id_kwargs(url: str) -> dict:
    """The URL's object ids (``pk``, ``incident_pk``…), empty for pages that name no object."""
    kwargs = resolve(url.split("?")[0]).kwargs
    return {k: v for k, v in kwargs.items() if k == "pk" or k.endswith(("_pk", "_id"))}


def view_class(url: str):
    return getattr(resolve(url.split("?")[0]).func, "view_class", None)


# Pages that show a record shared by every school (a measure of the national security
# referential), though their view names no model: the same page for every school.
SHARED_RECORD_ROUTES = {"etablissements/<str:uai>/securite/mesures/<int:pk>/"}


def names_a_school_owned_object(url: str) -> bool:
    """Shared records (a national service, a referential mission, a measure) are the same for
    every school; only a record that belongs to one school must stay in it."""
    match = resolve(url.split("?")[0])
    if match.route in SHARED_RECORD_ROUTES:
        return False
    model = getattr(getattr(match.func, "view_class", None), "model", None)
    if model is None or "pk" not in match.kwargs:
        return True
    record = model._base_manager.filter(pk=match.kwargs["pk"]).first()
    return getattr(record, "school_id", True) is not None


@pytest.fixture(scope="module")
def lycee_object_urls(head_walks):
    urls = sorted(
        {
            v.url
            for v in head_walks[LYCEE].visits
            if v.status == 200 and v.url.startswith(f"/etablissements/{LYCEE}/")
            if object_id_kwargs(v.url) and names_a_school_owned_object(v.url)
        }
    )
    assert len(urls) > 30, urls
    return urls


def under_the_college(url: str) -> str:
    return url.replace(f"/etablissements/{LYCEE}/", f"/etablissements/{COLLEGE}/", 1)


@pytest.mark.django_db
def test_another_schools_object_is_not_found_under_my_school(lycee_object_urls):
    head = logged_in("chef.college")
    served = [
        url
        for url in map(under_the_college, lycee_object_urls)
        if head.get(url).status_code not in (403, 404)
    ]
    assert not served, f"objets du lycée servis sous l'adresse du collège : {served}"


@pytest.mark.django_db
def test_another_schools_object_cannot_be_changed_from_my_school(lycee_object_urls):
    forms = [url for url in lycee_object_urls if issubclass(view_class(url) or object, FORMS)]
    assert forms, "aucun formulaire de modification ou de suppression trouvé"
    head = logged_in("chef.college")
    before = database_snapshot()
    answers = {url: head.post(under_the_college(url), {}).status_code for url in forms}
    assert set(answers.values()) <= {403, 404}, answers
    assert database_snapshot() == before


@pytest.fixture(scope="module")
def college_generic_urls(head_walks):
    urls = sorted(
        {
            v.url
            for v in head_walks[COLLEGE].visits
            if v.status == 200 and issubclass(view_class(v.url) or object, generic.GENERIC_VIEWS)
        }
    )
    assert len(urls) > 20, urls
    return urls


@pytest.mark.django_db
def test_a_role_without_the_capability_is_refused_and_nothing_is_written(college_generic_urls):
    teacher = Membership.objects.filter(school__uai=COLLEGE, user__username="prof.college").get()
    caps = capabilities_for(teacher.user, School.objects.get(uai=COLLEGE))
    client = logged_in("prof.college")
    before = database_snapshot()
    refusals_before = JournalEntry.objects.count()
    checked = 0
    for url in college_generic_urls:
        view = view_class(url)
        for method in ("GET", "POST"):
            if caps.can(view.domain, view().required_level_for(method)):
                continue
            if method == "POST" and not issubclass(view, FORMS):
                continue
            answer = client.get(url) if method == "GET" else client.post(url, {})
            assert answer.status_code == 403, (method, url, answer.status_code)
            checked += 1
    assert checked > 10, "le parcours n'a trouvé aucune page interdite à l'enseignant"
    assert database_snapshot() == before
    assert JournalEntry.objects.count() == refusals_before + checked, "chaque refus est journalisé"


# People whose role does not give « voir les élèves et les familles », with where they start:
# their home and the API, and for territory roles the schools of their territory.
WITHOUT_PUPIL_NAMES = {
    "rrupn.college": [f"/etablissements/{COLLEGE}/"],
    "prof.college": [f"/etablissements/{COLLEGE}/"],
    "ddfpt.lycee": [f"/etablissements/{LYCEE}/"],
    "tech.departement": ["/", f"/etablissements/{COLLEGE}/"],
    "drane": ["/", f"/etablissements/{COLLEGE}/", f"/etablissements/{LYCEE}/"],
    "dpd": ["/", f"/etablissements/{COLLEGE}/"],
    "doc.college": [f"/etablissements/{COLLEGE}/"],
    "gest.region": ["/", f"/etablissements/{LYCEE}/"],
    "rssi": ["/", f"/etablissements/{LYCEE}/"],
    "assistance": ["/", f"/etablissements/{COLLEGE}/"],
    "admin": ["/", f"/etablissements/{COLLEGE}/"],
}


@pytest.fixture(scope="module")
def secret(demo_data, django_db_blocker):  # noqa: F811
    with django_db_blocker.unblock():
        return secret_names()


def names_served(walk, names) -> dict[str, set[str]]:
    served = {}
    for visit in walk.visits:
        if visit.status == 200 and (
            found := names_in(rows_of(visit.body, visit.content_type), names)
        ):
            served[visit.url] = found
    return served


@pytest.mark.django_db
def test_the_head_walk_does_show_pupils_and_families_by_name(head_walks, secret):
    """The control of the test below: the same detection finds names where they are allowed,
    in pages, exports, PDFs and the API."""
    served = names_served(head_walks[COLLEGE], secret)
    assert len(served) > 10, served
    assert any("_export=csv" in url for url in served), sorted(served)
    assert any(url.startswith("/api/") for url in served), sorted(served)


@pytest.mark.django_db
@pytest.mark.parametrize("username", WITHOUT_PUPIL_NAMES)
def test_a_role_without_the_capability_never_sees_a_pupil_or_family_name(username, secret):
    walk = crawl(logged_in(username), [*WITHOUT_PUPIL_NAMES[username], "/api/v1/"])
    assert not walk.failures(), walk.failures()
    assert len(walk.visits) > 5, [v.url for v in walk.visits]
    assert names_served(walk, secret) == {}
