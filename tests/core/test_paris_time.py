"""Times read in Europe/Paris wherever Pilote writes a date of an aware datetime (issue #20):
23:30 UTC on 6 December is already 7 December in the school."""

from datetime import UTC, datetime

from pilote.core.indicators import dormant_accounts
from pilote.core.models import SchoolIndicators
from pilote.core.territory_views import territory_table
from pilote.usage.models import AudienceSnapshot

NIGHT = datetime(2025, 12, 6, 23, 30, tzinfo=UTC)


def test_dormant_accounts_give_the_last_login_day_in_paris(world):
    user = world["prof.college"]
    user.last_login = NIGHT
    user.save(update_fields=["last_login"])
    details = dict(dormant_accounts(world.college))
    assert "07/12/2025" in details.values()
    assert "06/12/2025" not in details.values()


def test_territory_table_gives_the_measure_day_in_paris(world):
    SchoolIndicators.objects.create(school=world.college, refreshed_at=NIGHT)
    dataset = territory_table(world.academie, [])
    row = next(r for r in dataset if r[0] == world.college.uai)
    assert row[dataset.headers.index("Mesuré le")] == "07/12/2025"


def test_audience_snapshot_is_named_by_its_day_in_paris(world):
    snapshot = AudienceSnapshot.objects.create(school=world.college)
    AudienceSnapshot.objects.filter(pk=snapshot.pk).update(taken_at=NIGHT)
    snapshot.refresh_from_db()
    assert str(snapshot).endswith("07/12/2025")
