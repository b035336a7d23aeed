"""Factories of « Données », with traits for the anomalies the quality page reports."""

import factory
from django.utils import timezone

from pilote.schooldata.choices import Source, StaffFunction
from pilote.schooldata.models import (
    DataImport,
    Division,
    Guardian,
    GuardianLink,
    Pupil,
    StaffMember,
    Subject,
    TeachingService,
)
from tests.core.factories import SchoolFactory


class DivisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Division

    school = factory.SubFactory(SchoolFactory)
    code = factory.Sequence(lambda n: f"6 {n}")
    in_siecle = True
    in_sts = True

    class Params:
        group = factory.Trait(is_group=True, code=factory.Sequence(lambda n: f"G{n}"))
        sts_only = factory.Trait(in_siecle=False)


class PupilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pupil

    school = factory.SubFactory(SchoolFactory)
    siecle_id = factory.Sequence(lambda n: str(100000 + n))
    ine = factory.Sequence(lambda n: f"{n:010d}A")
    last_name = factory.Sequence(lambda n: f"NOM{n}")
    first_name = "Léa"
    division = factory.SubFactory(DivisionFactory, school=factory.SelfAttribute("..school"))

    class Params:
        left = factory.Trait(is_active=False, exit_date=factory.LazyFunction(timezone.localdate))
        unplaced = factory.Trait(division=None)
        without_ine = factory.Trait(ine="")


class GuardianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guardian

    school = factory.SubFactory(SchoolFactory)
    personne_id = factory.Sequence(lambda n: str(500000 + n))
    last_name = "MARTIN"
    first_name = "Anne"
    has_email = True
    has_mobile = True
    email = "anne.martin@exemple.fr"
    mobile = "0611223344"

    class Params:
        unreachable = factory.Trait(has_email=False, has_mobile=False, email="", mobile="")


class GuardianLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuardianLink

    pupil = factory.SubFactory(PupilFactory)
    school = factory.SelfAttribute("pupil.school")
    guardian = factory.SubFactory(GuardianFactory, school=factory.SelfAttribute("..school"))
    responsibility = "1"
    relationship = "10"
    is_legal = True

    class Params:
        contact = factory.Trait(responsibility="3", is_legal=False, relationship="39")


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    school = factory.SubFactory(SchoolFactory)
    sts_id = factory.Sequence(lambda n: str(4000 + n))
    last_name = factory.Sequence(lambda n: f"PROF{n}")
    first_name = "Paul"
    function = StaffFunction.ENS

    class Params:
        direction = factory.Trait(function=StaffFunction.DIR)


class SubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subject
        django_get_or_create = ("school", "code")

    school = factory.SubFactory(SchoolFactory)
    code = "061300"
    label = "MATHEMATIQUES"


class TeachingServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeachingService
        skip_postgeneration_save = True

    division = factory.SubFactory(DivisionFactory)
    school = factory.SelfAttribute("division.school")
    subject = factory.SubFactory(SubjectFactory, school=factory.SelfAttribute("..school"))
    course_mode = "CG"

    @factory.post_generation
    def teachers(self, create, extracted, **kwargs):
        if create and extracted:
            self.teachers.set(extracted)


class DataImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataImport

    school = factory.SubFactory(SchoolFactory)
    source = Source.SIECLE_ELEVES
    filename = "ElevesSansAdresses.zip"
    exported_at = factory.LazyFunction(timezone.now)
    counts = factory.LazyFunction(lambda: {"created": 1, "updated": 0, "left": 0, "unchanged": 0})

    class Params:
        sts = factory.Trait(source=Source.STS, filename="sts_emp_0449901Y_2026.xml")
        responsables = factory.Trait(
            source=Source.SIECLE_RESPONSABLES, filename="ResponsablesAvecAdresses.zip"
        )
