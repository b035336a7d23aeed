"""Factories of the « Usages » module, with the SIECLE people its cases are about."""

from datetime import timedelta

import factory
from django.utils import timezone

from pilote.schooldata.models import Division, Guardian, GuardianLink, Pupil
from pilote.usage.choices import AccountSource, CaseReason, FollowUpStatus, Profile, StatKind
from pilote.usage.models import Account, AudienceStat, FollowUp, FollowUpNote, MappingPreset
from tests.core.factories import SchoolFactory


class DivisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Division
        django_get_or_create = ("school", "code")

    school = factory.SubFactory(SchoolFactory)
    code = factory.Sequence(lambda n: f"{3 + n % 4}{'ABCD'[n % 4]}")
    in_siecle = True


class PupilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pupil

    school = factory.SubFactory(SchoolFactory)
    siecle_id = factory.Sequence(lambda n: str(100000 + n))
    last_name = factory.Sequence(lambda n: f"Élève{n}")
    first_name = "Lina"
    division = factory.SubFactory(DivisionFactory, school=factory.SelfAttribute("..school"))

    class Params:
        left = factory.Trait(is_active=False)


class GuardianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guardian

    school = factory.SubFactory(SchoolFactory)
    personne_id = factory.Sequence(lambda n: str(900000 + n))
    last_name = factory.Sequence(lambda n: f"Parent{n}")
    first_name = "Sam"
    has_mobile = True
    mobile = "0601020304"

    class Params:
        unreachable = factory.Trait(has_mobile=False, mobile="", has_email=False, email="")


class GuardianLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuardianLink

    pupil = factory.SubFactory(PupilFactory)
    school = factory.SelfAttribute("pupil.school")
    guardian = factory.SubFactory(GuardianFactory, school=factory.SelfAttribute("..school"))
    is_legal = True
    responsibility = "1"


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account

    school = factory.SubFactory(SchoolFactory)
    source = AccountSource.ENT
    external_id = factory.Sequence(lambda n: f"ent-{n}")
    profile = Profile.ELEVE
    last_name = factory.Sequence(lambda n: f"Compte{n}")
    first_name = "Lina"
    is_activated = True
    last_connection = factory.LazyFunction(lambda: timezone.now() - timedelta(days=2))

    class Params:
        not_activated = factory.Trait(is_activated=False, last_connection=None)
        dormant = factory.Trait(
            last_connection=factory.LazyFunction(lambda: timezone.now() - timedelta(days=90))
        )
        parent = factory.Trait(profile=Profile.PARENT)


class AudienceStatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AudienceStat

    school = factory.SubFactory(SchoolFactory)
    source = "ent_stats"
    kind = StatKind.COMPTES
    period_start = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    profile = Profile.ELEVE
    connections = 120


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    pupil = factory.SubFactory(PupilFactory)
    school = factory.SelfAttribute("pupil.school")
    reason = CaseReason.FAMILLE_SANS_COMPTE
    status = FollowUpStatus.A_CONTACTER
    detected_on = factory.LazyFunction(timezone.localdate)

    class Params:
        followed = factory.Trait(status=FollowUpStatus.CONTACTE)
        resolved = factory.Trait(status=FollowUpStatus.RESOLU)


class FollowUpNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpNote

    follow_up = factory.SubFactory(FollowUpFactory)
    written_on = factory.LazyFunction(timezone.localdate)
    text = "Appel à la famille : rendez-vous pris au CDI."


class MappingPresetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MappingPreset

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"Modèle {n}")
    mapping = factory.LazyFunction(
        lambda: {
            "identifiant": "Identifiant",
            "nom": "Nom",
            "prenom": "Prénom",
            "classe": "Classe",
            "profil": "Profil",
            "etat": "État du compte",
        }
    )
