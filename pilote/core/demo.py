"""Demo data of the foundation: one académie, its collectivités, two schools, one account per
role. Every module adds its own demo data in its ``demo.py`` (a ``load(demo)`` function) and
``pilote demo`` calls them in the order of INSTALLED_APPS.

All names are fictional; the UAIs are valid (check letter) but belong to no real school.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from .choices import CollectiviteKind, Role, SchoolType
from .models import Academie, Collectivite, Membership, School, User

DEMO_PASSWORD = "demo"


@dataclass
class DemoContext:
    academie: Academie
    departement: Collectivite
    region: Collectivite
    college: School
    lycee: School
    users: dict[str, User] = field(default_factory=dict)
    # The rest of the académie: generated collèges and lycées (a second département too), so
    # that a DRANE or a collectivité sees a real territory. Modules give them lighter data.
    generated: list[School] = field(default_factory=list)

    @property
    def schools(self) -> list[School]:
        """The two detailed schools."""
        return [self.college, self.lycee]

    @property
    def all_schools(self) -> list[School]:
        return [*self.schools, *self.generated]


# username, first name, last name, role, organisation key
DEMO_ACCOUNTS = [
    ("chef.college", "Claire", "Martin", Role.CHEF, "college"),
    ("adjoint.college", "Paul", "Bernard", Role.ADJOINT, "college"),
    ("sg.college", "Nadia", "Petit", Role.SECRETAIRE_GENERAL, "college"),
    ("rrupn.college", "Hugo", "Durand", Role.RRUPN, "college"),
    ("cpe.college", "Inès", "Moreau", Role.CPE, "college"),
    ("prof.college", "Lucas", "Laurent", Role.ENSEIGNANT, "college"),
    ("doc.college", "Emma", "Simon", Role.DOCUMENTALISTE, "college"),
    ("chef.lycee", "Marc", "Lefèvre", Role.CHEF, "lycee"),
    ("adjoint.lycee", "Sophie", "Roux", Role.ADJOINT, "lycee"),
    ("rrupn.lycee", "Yanis", "Fournier", Role.RRUPN, "lycee"),
    ("ddfpt.lycee", "Julie", "Girard", Role.DDFPT, "lycee"),
    ("prof.lycee", "Thomas", "Bonnet", Role.ENSEIGNANT, "lycee"),
    ("tech.departement", "Karim", "Lambert", Role.TECHNICIEN_COLLECTIVITE, "departement"),
    ("gest.departement", "Anne", "Fontaine", Role.GESTIONNAIRE_COLLECTIVITE, "departement"),
    ("tech.region", "Léo", "Chevalier", Role.TECHNICIEN_COLLECTIVITE, "region"),
    ("gest.region", "Camille", "Robin", Role.GESTIONNAIRE_COLLECTIVITE, "region"),
    ("drane", "Sarah", "Gauthier", Role.DRANE, "academie"),
    ("rssi", "Olivier", "Perrin", Role.RSSI, "academie"),
    ("assistance", "Manon", "Morel", Role.ASSISTANCE_ACADEMIQUE, "academie"),
    ("dpd", "Hélène", "Marchand", Role.DPD, "academie"),
    ("admin", "Admin", "Pilote", Role.ADMINISTRATEUR, "academie"),
]


# username, first name, last name, days since the last login (None: never logged in)
DORMANT_ACCOUNTS = [
    ("ancien.prof", "Gérard", "Vasseur", 240),
    ("remplacant.2024", "Lina", "Benali", None),
]


def load_organisations() -> DemoContext:
    academie = Academie.objects.create(code="17", name="Nantes")
    departement = Collectivite.objects.create(
        kind=CollectiviteKind.DEPARTEMENT, code="44", name="Loire-Atlantique"
    )
    region = Collectivite.objects.create(
        kind=CollectiviteKind.REGION, code="52", name="Pays de la Loire"
    )
    college = School.objects.create(
        uai="0449901Y",
        name="Collège des Salorges",
        type=SchoolType.COLLEGE,
        commune="Nantes",
        collectivite=departement,
        academie=academie,
        declared_pupils=600,
    )
    lycee = School.objects.create(
        uai="0449902Z",
        name="Lycée de l'Estuaire",
        type=SchoolType.LPO,
        commune="Saint-Nazaire",
        collectivite=region,
        academie=academie,
        declared_pupils=1200,
    )
    return DemoContext(academie, departement, region, college, lycee)


# Communes of the generated schools: (département code, commune).
COMMUNES_44 = [
    "Nantes",
    "Saint-Herblain",
    "Rezé",
    "Orvault",
    "Vertou",
    "Carquefou",
    "La Baule-Escoublac",
    "Guérande",
    "Châteaubriant",
    "Ancenis-Saint-Géréon",
    "Clisson",
    "Pornic",
    "Blain",
]
COMMUNES_85 = [
    "La Roche-sur-Yon",
    "Les Sables-d'Olonne",
    "Challans",
    "Fontenay-le-Comte",
    "Luçon",
    "Montaigu-Vendée",
    "Les Herbiers",
    "Saint-Gilles-Croix-de-Vie",
    "Pouzauges",
    "Chantonnay",
    "Aizenay",
    "Saint-Jean-de-Monts",
]
GENERATED_NAMES = [
    "Jules Verne",
    "Aristide Briand",
    "Anne de Bretagne",
    "Georges Clemenceau",
    "Jean Monnet",
    "Simone Veil",
    "Marie Curie",
    "Victor Hugo",
    "Jean Rostand",
    "Olympe de Gouges",
    "René Descartes",
    "Pierre Mendès France",
    "Camille Claudel",
    "Louis Pasteur",
    "Albert Camus",
    "Jacques Prévert",
    "Rosa Parks",
    "Germaine Tillion",
    "Lucie Aubrac",
    "Paul Éluard",
    "Joachim du Bellay",
    "Honoré d'Estienne d'Orves",
    "Jean Moulin",
    "Françoise Dolto",
    "Charles Péguy",
    "Antoine de Saint-Exupéry",
    "Gaston Serpette",
    "Pablo Neruda",
    "Alexandre Dumas",
    "Léonard de Vinci",
    "Émile Zola",
    "Molière",
    "Colette",
    "George Sand",
    "Alcide d'Orbigny",
    "Clément Ader",
    "Sophie Germain",
    "Nelson Mandela",
]
GENERATED_COLLEGES, GENERATED_LYCEES = 24, 14


def load_generated_schools(demo: DemoContext) -> None:
    """38 more schools of the académie: 24 collèges (half in Loire-Atlantique, half in a
    second département, Vendée) and 14 lycées of the région, with valid fictional UAIs."""
    from .uai import UAI_ALPHABET

    vendee = Collectivite.objects.create(
        kind=CollectiviteKind.DEPARTEMENT, code="85", name="Vendée"
    )
    rows = []
    for index in range(GENERATED_COLLEGES + GENERATED_LYCEES):
        lycee = index >= GENERATED_COLLEGES
        in_vendee = index % 2 == 1
        number = 449100 + index if not in_vendee else 859100 + index
        communes = COMMUNES_85 if in_vendee else COMMUNES_44
        name = GENERATED_NAMES[index % len(GENERATED_NAMES)]
        rows.append(
            School(
                uai=f"{number:07d}" + UAI_ALPHABET[number % 23],
                name=f"{'Lycée' if lycee else 'Collège'} {name}",
                type=(SchoolType.LGT if index % 3 else SchoolType.LP)
                if lycee
                else SchoolType.COLLEGE,
                commune=communes[index // 2 % len(communes)],
                collectivite=demo.region if lycee else (vendee if in_vendee else demo.departement),
                academie=demo.academie,
                declared_pupils=(700 + 97 * index % 900) if lycee else (350 + 53 * index % 450),
            )
        )
    demo.generated = School.objects.bulk_create(rows)


def load_accounts(demo: DemoContext) -> None:
    organisations = {
        "college": {"school": demo.college},
        "lycee": {"school": demo.lycee},
        "departement": {"collectivite": demo.departement},
        "region": {"collectivite": demo.region},
        "academie": {"academie": demo.academie},
    }
    now = timezone.now()
    # Every demo account has the same password: hashed once, not once per account (the
    # password hasher is slow on purpose; thirty hashes were a sizeable part of the demo).
    hashed = make_password(DEMO_PASSWORD)
    for index, (username, first_name, last_name, role, key) in enumerate(DEMO_ACCOUNTS):
        user = User.objects.create_user(
            username=username,
            email=f"{username}@demo.pilote.fr",
            first_name=first_name,
            last_name=last_name,
            last_login=now - timedelta(days=index % 12, hours=index),
        )
        user.password = hashed
        user.save(update_fields=["password"])
        Membership.objects.create(user=user, role=role, **organisations[key])
        demo.users[username] = user
    # Accounts nobody uses any more: what the « comptes dormants » indicator is there to find.
    for username, first_name, last_name, days in DORMANT_ACCOUNTS:
        user = User.objects.create_user(
            username=username,
            email=f"{username}@demo.pilote.fr",
            first_name=first_name,
            last_name=last_name,
            last_login=now - timedelta(days=days) if days else None,
        )
        user.set_unusable_password()
        user.save()
        Membership.objects.create(user=user, role=Role.ENSEIGNANT, school=demo.college)
    # The lycée's RRUPN also teaches at the collège: two memberships, one header switcher.
    Membership.objects.create(
        user=demo.users["rrupn.lycee"], school=demo.college, role=Role.ENSEIGNANT
    )


def load(demo: DemoContext) -> None:
    """Core's part of the demo (``Part.DEMO``), before every module's: accounts, 38 schools."""
    load_accounts(demo)
    load_generated_schools(demo)


def analyze_tables() -> None:
    """Give PostgreSQL the sizes of the tables the demo has just filled.

    Until autovacuum passes, the planner works from the statistics of the tables as they were,
    empty or nearly so, and may pick nested loops that read every guardian for each pupil: in
    the PostgreSQL test suite one readiness query over the demo ran for 25 s. ANALYZE (1.8 s
    for the demo) also sees the rows of the open transaction. SQLite plans without them.

    Only Pilote's own tables: a bare ANALYZE also locks the cluster's shared catalogues until
    the transaction ends, so two test workers loading the demo in their own databases waited
    for each other's whole test module.

    ``pilote demo`` calls it once every module is loaded, and a module whose demo measures the
    others' data (the pilotage history) calls it first: on tables PostgreSQL believes empty,
    one grouped count of the pupils of 40 schools ran for minutes."""
    if connection.vendor == "postgresql":
        tables = connection.introspection.django_table_names(only_existing=True)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(map(connection.ops.quote_name, tables)))
