"""« Missions sans titulaire », measured for many schools at once."""

from pilote.core.metrics import registry
from pilote.missions.models import Mission
from tests.core.factories import SchoolFactory
from tests.missions.factories import DelegationFactory, MissionFactory, referential_mission


def value(school):
    measures = registry.measure_school(school, ["missions"])
    return next(m.value for m in measures if m.indicator.code == "missions.sans_titulaire")


def test_vacant_missions_count(world):
    total = Mission.objects.referential().filter(is_active=True).count()
    assert value(world.college) == total
    DelegationFactory(school=world.college, mission=referential_mission("pix"))
    DelegationFactory(school=world.college, mission=referential_mission("pix"))
    DelegationFactory(school=world.college, mission=referential_mission("site_web"), expired=True)
    own = MissionFactory(school=world.college)
    MissionFactory(school=world.college, inactive=True)
    assert value(world.college) == total + 1 - 1
    DelegationFactory(school=world.college, mission=own)
    assert value(world.college) == total - 1
    assert value(world.lycee) == total


def test_measuring_many_schools_takes_a_few_queries(world, django_assert_max_num_queries):
    schools = [world.college, world.lycee, *SchoolFactory.create_batch(20)]
    for school in schools:
        DelegationFactory(school=school)
    with django_assert_max_num_queries(4):
        values = registry.groups[
            next(
                i
                for i, g in enumerate(registry.groups)
                if g.indicators[0].code == "missions.sans_titulaire"
            )
        ].compute(schools)
    total = Mission.objects.referential().filter(is_active=True).count()
    assert all(values[s.pk]["missions.sans_titulaire"] == total - 1 for s in schools)


def test_breakdown_names_the_vacant_missions(world):
    indicator = registry.by_code["missions.sans_titulaire"]
    DelegationFactory(school=world.college, mission=referential_mission("pix"))
    labels = [label for label, _ in indicator.breakdown(world.college)]
    assert referential_mission("pix").label not in labels
    assert referential_mission("site_web").label in labels
