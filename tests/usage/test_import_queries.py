"""An ENT accounts import writes in bulk (core's upsert and its writers): as many queries for
40 accounts as for 10, whether they are created, changed or gone."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from pilote.core.importing import get_importer, run_import
from pilote.usage.models import Account
from tests.core.factories import SchoolFactory
from tests.usage.factories import PupilFactory
from tests.usage.files import ent_accounts, ent_row

# Measured on PostgreSQL: 44 (about 122 for 40 accounts before the bulk writes and before the
# history rows of an import were tagged only in the tables it wrote, core.revert.tag_history).
CEILING = 48


def export(count: int, *, first: int, code: str = "") -> bytes:
    """``count`` pupils' accounts from number ``first`` on, activated unless ``code``."""
    rows = [
        ent_row(f"E{n}", "Élève", f"NOM{n}", "Lina", siecle=f"S{n % 5}", classes="4B", code=code)
        for n in range(first, first + count)
    ]
    return ent_accounts(rows)


def queries_of_newer_export(world, count: int) -> int:
    """Queries of applying, after an export of ``count`` accounts, a newer one where half of
    them are gone, the other half activated, and as many new (in a school of its own, so that
    both sizes start alike)."""
    school = SchoolFactory()
    for n in range(5):
        PupilFactory(school=school, siecle_id=f"S{n}", division__code="4B")
    first = 1000 * count

    def apply(content) -> int:
        importer = get_importer("ent-comptes")(school=school, user=world["chef.college"])
        with CaptureQueriesContext(connection) as queries:
            report = run_import(importer, content, "export.csv", apply=True, accept_removals=True)
        assert report.applied, report.parsed.errors
        return len(queries)

    apply(export(count, first=first, code="AB12"))
    measured = apply(export(count, first=first + count // 2))
    accounts = Account.objects.filter(school=school)
    assert accounts.filter(is_activated=True).count() == count
    return measured


def test_accounts_import_queries_do_not_grow_with_the_accounts(world):
    few = queries_of_newer_export(world, 10)
    many = queries_of_newer_export(world, 40)
    assert few == many
    assert many <= CEILING
