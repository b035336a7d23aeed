"""Factories of the « Compétences » module, with the SIECLE / STS rows it links to."""

from datetime import date

import factory

from pilote.schooldata.models import Division, Pupil, StaffMember
from pilote.skills.choices import (
    CampaignKind,
    CertificationStatus,
    MatchStatus,
    PixEduLevel,
    PixEduPath,
    PixEduStatus,
)
from pilote.skills.models import (
    Campaign,
    CertificationResult,
    CompetenceResult,
    Participation,
    PixEduRecord,
)
from tests.core.factories import SchoolFactory


class DivisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Division
        django_get_or_create = ("school", "code")

    school = factory.SubFactory(SchoolFactory)
    code = factory.Sequence(lambda n: f"3 {chr(65 + n % 26)}")
    level = "3e"
    in_siecle = True

    class Params:
        sixieme = factory.Trait(level="6e", code=factory.Sequence(lambda n: f"6 {n}"))
        terminale = factory.Trait(level="Tle", code=factory.Sequence(lambda n: f"T{n}"))


class PupilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pupil

    school = factory.SubFactory(SchoolFactory)
    siecle_id = factory.Sequence(lambda n: str(100000 + n))
    ine = factory.Sequence(lambda n: f"{n:09d}AB")
    last_name = factory.Sequence(lambda n: f"ELEVE{n}")
    first_name = "Camille"
    birth_date = date(2011, 5, 4)
    division = factory.SubFactory(DivisionFactory, school=factory.SelfAttribute("..school"))
    is_active = True

    class Params:
        left = factory.Trait(is_active=False)


class TeacherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    school = factory.SubFactory(SchoolFactory)
    sts_id = factory.Sequence(lambda n: f"{5000 + n}")
    last_name = factory.Sequence(lambda n: f"PROF{n}")
    first_name = "Dominique"
    function = "ENS"

    class Params:
        administrative = factory.Trait(function="ADF")


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    school = factory.SubFactory(SchoolFactory)
    pix_id = factory.Sequence(lambda n: 1000 + n)
    name = factory.Sequence(lambda n: f"Positionnement {n}")
    kind = CampaignKind.EVALUATION
    school_year = factory.LazyFunction(
        lambda: date.today().year if date.today().month >= 9 else date.today().year - 1
    )

    class Params:
        profiles = factory.Trait(kind=CampaignKind.PROFILES, name="Collecte de profils")
        last_year = factory.Trait(school_year=factory.LazyAttribute(lambda o: 2019))


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    campaign = factory.SubFactory(CampaignFactory)
    school = factory.SelfAttribute("campaign.school")
    pupil = None
    participant_key = factory.Sequence(lambda n: f"key{n}")
    last_name = factory.Sequence(lambda n: f"PARTICIPANT{n}")
    first_name = "Alex"
    match_status = MatchStatus.UNMATCHED
    progress = 1
    shared = True

    class Params:
        for_pupil = factory.Trait(match_status=MatchStatus.MATCHED)
        not_shared = factory.Trait(shared=False, progress="0.4")


class CompetenceResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetenceResult

    participation = factory.SubFactory(ParticipationFactory)
    school = factory.SelfAttribute("participation.school")
    competence = "1.1"
    mastery = "0.5"
    skills_total = 10
    skills_validated = 5


class CertificationResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificationResult

    school = factory.SubFactory(SchoolFactory)
    certification_number = factory.Sequence(lambda n: f"{200000 + n}")
    last_name = factory.Sequence(lambda n: f"CANDIDAT{n}")
    first_name = "Sam"
    status = CertificationStatus.VALIDATED
    pix_score = 300
    school_year = factory.LazyFunction(
        lambda: date.today().year if date.today().month >= 9 else date.today().year - 1
    )
    match_status = MatchStatus.UNMATCHED

    class Params:
        rejected = factory.Trait(status=CertificationStatus.REJECTED, pix_score=0)


class PixEduRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PixEduRecord

    staff = factory.SubFactory(TeacherFactory)
    school = factory.SelfAttribute("staff.school")
    path = PixEduPath.CONTINUING
    status = PixEduStatus.IN_PROGRESS

    class Params:
        certified = factory.Trait(status=PixEduStatus.CERTIFIED, level=PixEduLevel.AVANCE)
        not_engaged = factory.Trait(status=PixEduStatus.NOT_ENGAGED)
