"""The skills lists as drawn and exported."""

import pytest

from pilote.skills.choices import MatchStatus
from pilote.skills.models import Participation
from pilote.skills.tables import ParticipationTable
from tests.skills.factories import CampaignFactory, ParticipationFactory

pytestmark = pytest.mark.django_db


def test_the_matching_badge_takes_the_colour_of_its_state_and_exports_its_label(world):
    campaign = CampaignFactory(school=world.college)
    for status in (MatchStatus.MATCHED, MatchStatus.UNMATCHED, MatchStatus.AMBIGUOUS):
        ParticipationFactory(campaign=campaign, match_status=status)
    table = ParticipationTable(Participation.objects.order_by("pk"))
    cells = [str(row.get_cell("match_status")) for row in table.rows]
    for cell, colour, status in zip(
        cells,
        ("fr-badge--success", "fr-badge--error", "fr-badge--warning"),
        (MatchStatus.MATCHED, MatchStatus.UNMATCHED, MatchStatus.AMBIGUOUS),
        strict=True,
    ):
        assert colour in cell and status.label in cell, cell
    exported = [row.get_cell_value("match_status") for row in table.rows]
    assert exported == [
        MatchStatus.MATCHED.label,
        MatchStatus.UNMATCHED.label,
        MatchStatus.AMBIGUOUS.label,
    ]
