"""Factories of the foundation, with traits for the common cases."""

from dataclasses import dataclass, field

import factory
from django.utils import timezone

from pilote.core.choices import CollectiviteKind, Role, SchoolType
from pilote.core.models import Academie, Collectivite, Membership, School, User
from pilote.core.uai import UAI_ALPHABET


def uai_for(number: int) -> str:
    digits = f"{number:07d}"
    return digits + UAI_ALPHABET[int(digits) % 23]


class AcademieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Academie
        django_get_or_create = ("code",)

    # 100–999: never the "17" of the world fixture, always three characters.
    code = factory.Sequence(lambda n: str(100 + n % 900))
    name = factory.Sequence(lambda n: f"Académie {n}")


class CollectiviteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collectivite

    kind = CollectiviteKind.DEPARTEMENT
    # 100–999: never the "44" / "52" of the world fixture.
    code = factory.Sequence(lambda n: str(100 + n % 900))
    name = factory.Sequence(lambda n: f"Collectivité {n}")

    class Params:
        region = factory.Trait(kind=CollectiviteKind.REGION)


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    uai = factory.Sequence(lambda n: uai_for(4400000 + n))
    name = factory.Sequence(lambda n: f"Collège n° {n}")
    type = SchoolType.COLLEGE
    commune = "Nantes"
    academie = factory.SubFactory(AcademieFactory)
    collectivite = factory.SubFactory(CollectiviteFactory)
    declared_pupils = 600

    class Params:
        lycee = factory.Trait(
            type=SchoolType.LGT,
            name=factory.Sequence(lambda n: f"Lycée n° {n}"),
            collectivite=factory.SubFactory(CollectiviteFactory, region=True),
            declared_pupils=1200,
        )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.fr")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Personne{n}")
    password = factory.django.Password("motdepasse-solide-2026")
    last_login = factory.LazyFunction(timezone.now)

    class Params:
        dormant = factory.Trait(last_login=None)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    role = Role.ENSEIGNANT


@dataclass
class DemoWorld:
    academie: Academie
    departement: Collectivite
    region: Collectivite
    college: School
    lycee: School
    users: dict[str, User] = field(default_factory=dict)

    def __getitem__(self, username: str) -> User:
        return self.users[username]


WORLD_MEMBERS = [
    ("chef.college", Role.CHEF, "college"),
    ("adjoint.college", Role.ADJOINT, "college"),
    ("sg.college", Role.SECRETAIRE_GENERAL, "college"),
    ("rrupn.college", Role.RRUPN, "college"),
    ("cpe.college", Role.CPE, "college"),
    ("prof.college", Role.ENSEIGNANT, "college"),
    ("chef.lycee", Role.CHEF, "lycee"),
    ("rrupn.lycee", Role.RRUPN, "lycee"),
    ("prof.lycee", Role.ENSEIGNANT, "lycee"),
    ("tech.departement", Role.TECHNICIEN_COLLECTIVITE, "departement"),
    ("gest.departement", Role.GESTIONNAIRE_COLLECTIVITE, "departement"),
    ("tech.region", Role.TECHNICIEN_COLLECTIVITE, "region"),
    ("gest.region", Role.GESTIONNAIRE_COLLECTIVITE, "region"),
    ("drane", Role.DRANE, "academie"),
    ("rssi", Role.RSSI, "academie"),
    ("assistance", Role.ASSISTANCE_ACADEMIQUE, "academie"),
]


def build_world() -> DemoWorld:
    academie = AcademieFactory(code="17", name="Nantes")
    departement = CollectiviteFactory(code="44", name="Loire-Atlantique")
    region = CollectiviteFactory(region=True, code="52", name="Pays de la Loire")
    college = SchoolFactory(
        uai="0449901Y", name="Collège des Salorges", academie=academie, collectivite=departement
    )
    lycee = SchoolFactory(
        lycee=True,
        uai="0449902Z",
        name="Lycée de l'Estuaire",
        academie=academie,
        collectivite=region,
    )
    world = DemoWorld(academie, departement, region, college, lycee)
    places = {
        "college": {"school": college},
        "lycee": {"school": lycee},
        "departement": {"school": None, "collectivite": departement},
        "region": {"school": None, "collectivite": region},
        "academie": {"school": None, "academie": academie},
    }
    for username, role, place in WORLD_MEMBERS:
        user = UserFactory(username=username)
        MembershipFactory(user=user, role=role, **places[place])
        world.users[username] = user
    return world
