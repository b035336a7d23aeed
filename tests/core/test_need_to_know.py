"""Need-to-know on the full demo: no pupil or guardian name reaches a role without the
capability « voir les élèves et les familles » (issue #15, item 2).

The college's head walks the whole demo (every list, fiche, filter, CSV/XLSX export, PDF link
and API list; a crawl reads, it never submits) and every response is searched for the full
names of the demo's pupils and guardians — in HTML, JSON, CSV and XLSX alike: the head finds
them (the search works). Then an account of each role without the capability requests every
URL where the head read a name, and walks from its own home (a territory's pages): it finds
none, and meets no error.
"""

import io
import json
import re
from html import unescape

import pytest
from django.test import Client

from pilote.core.choices import Domain, Level
from pilote.core.models import School, User
from pilote.core.permissions import capabilities_for
from tests.demo_crawl import crawl, demo_data  # noqa: F401 (fixture)

SCHOOLS = ("0449901Y", "0449902Z")
API_LISTS = [
    "/api/v1/eleves/",
    "/api/v1/competences/participations/",
    "/api/v1/competences/certifications/",
    "/api/v1/competences/campagnes/",
    "/api/v1/usages/statistiques/",
]


def text_of(body: bytes, content_type: str) -> str:
    """The readable text of a response, one cell or text node between ``|`` separators."""
    if "spreadsheetml" in content_type:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True)
        return " | ".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
    text = body.decode("utf-8", errors="replace")
    if "json" in content_type:
        try:
            return " | ".join(strings_of(json.loads(text)))
        except ValueError:
            return text
    if "csv" in content_type:
        return re.sub(r'[;,"\t]', " | ", text)
    return unescape(re.sub(r"<[^>]+>", " | ", text))


def strings_of(value) -> list[str]:
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings_of(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings_of(item)]
    return [str(value)]


WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def words_of(text: str) -> list[str]:
    return [word.lower() for word in WORD.findall(text)]


class Names:
    """Full names (either order) of the demo's pupils and guardians, except those a staff
    member or a Pilote account also bears (a teacher may share a pupil's name)."""

    def __init__(self):
        from pilote.schooldata.models import Guardian, Pupil, StaffMember
        from pilote.skills.models import Participation

        people = set()
        for model in (Pupil, Guardian, Participation):
            for last, first in model.objects.values_list("last_name", "first_name"):
                if last.strip() and first.strip():
                    people.add((tuple(words_of(last)), tuple(words_of(first))))
        staff = {
            (tuple(words_of(last)), tuple(words_of(first)))
            for model in (StaffMember, User)
            for last, first in model.objects.values_list("last_name", "first_name")
        }
        self.pairs = people - staff
        self.by_first_word: dict[str, set[tuple]] = {}
        for last, first in self.pairs:
            for name in (last + first, first + last):
                self.by_first_word.setdefault(name[0], set()).add(name)

    def search(self, text: str) -> str | None:
        """A full name inside one cell (« DURAND Yanis »), or split over two neighbouring
        cells (a Nom column then a Prénom column, a JSON object's two fields) — never words
        of two different cells (« Hugo Durand | Yanis Fournier » names no one)."""
        cells = [words for words in map(words_of, text.split("|")) if words]
        for index, words in enumerate(cells):
            for start, word in enumerate(words):
                for name in self.by_first_word.get(word, ()):
                    if tuple(words[start : start + len(name)]) == name:
                        return " ".join(name)
            if index + 1 < len(cells):
                pair = (tuple(words), tuple(cells[index + 1]))
                if pair in self.pairs or pair[::-1] in self.pairs:
                    return " ".join(words + cells[index + 1])
        return None


def leaks(walk, names: Names) -> list[str]:
    found = []
    for visit in walk.visits:
        if visit.status != 200:
            continue
        if name := names.search(text_of(visit.body, visit.content_type)):
            found.append(f"{visit.url} : « {name} »")
    return found


COLLEGE, LYCEE = SCHOOLS
# One account per role that lacks the capability (the lycée's DDFPT reads the college's URLs
# moved to the lycée), and where a territory account starts its own walk.
ACCOUNTS = [
    "prof.college",
    "doc.college",
    "rrupn.college",
    "ddfpt.lycee",
    "tech.departement",
    "gest.region",
    "drane",
    "rssi",
    "assistance",
    "dpd",
    "admin",
]


@pytest.fixture(scope="module")
def head_walk(demo_data, django_db_blocker):  # noqa: F811
    """The college's head walks every page, export and API list of the demo; the URLs where
    they read a pupil's or a guardian's name are those every other role then tries."""
    with django_db_blocker.unblock():
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(username="chef.college"))
        walk = crawl(client, [f"/etablissements/{COLLEGE}/", *API_LISTS])
        return walk, leaks(walk, Names())


@pytest.mark.django_db
def test_the_head_reads_the_names_the_search_looks_for(head_walk):
    _, found = head_walk
    # Pupil lists, Pix results, exports and API: the search recognises them.
    for needle in ("/donnees/eleves/", "/api/v1/competences/participations/", "_export=xlsx"):
        assert any(needle in line for line in found), (needle, found[:5])
    assert any("_export=csv" in line for line in found), found[:5]


def urls_for(user, named_urls: list[str]) -> list[str]:
    """The head's named URLs, moved to the school the account reaches, and the account's own
    start (its territory's pages for a collectivité or académie account)."""
    reached = [uai for uai in SCHOOLS if capabilities_for(user, School.objects.get(uai=uai)).any]
    urls = ["/"]
    if COLLEGE in reached:
        urls += named_urls
    elif LYCEE in reached:
        urls += [url.replace(f"/{COLLEGE}/", f"/{LYCEE}/") for url in named_urls]
    return urls + [f"{url}?format=json" for url in API_LISTS]


@pytest.mark.django_db
def test_no_role_without_the_capability_reads_a_pupil_or_guardian_name(head_walk):
    _, found = head_walk
    named = sorted({line.split(" : ", 1)[0] for line in found})
    names = Names()
    leaked = {}
    for username in ACCOUNTS:
        user = User.objects.get(username=username)
        for school in School.objects.filter(uai__in=SCHOOLS):
            assert not capabilities_for(user, school).can(Domain.PERSONNES, Level.VIEW), username
        client = Client(raise_request_exception=False)
        client.force_login(user)
        own = crawl(client, urls_for(user, named), per_route=1, limit=len(named) + 120)
        assert not own.failures(), (username, own.failures())
        if found_here := leaks(own, names):
            leaked[username] = found_here[:5]
    assert not leaked, leaked
