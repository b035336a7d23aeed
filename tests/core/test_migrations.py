"""Data migrations keep the data they move (run on the real schema, backwards then forwards)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("core", "0010_table_columns")]
AFTER = [("core", "0011_territory_columns_in_table_columns")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_territory_column_choices_move_into_table_columns_and_back():
    old = migrate(BEFORE)
    try:
        User = old.get_model("core", "User")
        drane = User.objects.create(username="drane.migration")
        gest = User.objects.create(username="gest.migration")
        old.get_model("core", "TerritoryColumns").objects.bulk_create(
            [
                old.get_model("core", "TerritoryColumns")(
                    user=drane, territory="academie:17", codes=["comptes.actifs", "pix.certifies"]
                ),
                old.get_model("core", "TerritoryColumns")(
                    user=gest, territory="departement:44", codes=["parc.conformite_socle"]
                ),
            ]
        )
        old.get_model("core", "TableColumns").objects.create(
            user=drane, table="inventory.EquipmentTable", columns=["serial_number"]
        )

        new = migrate(AFTER)
        rows = new.get_model("core", "TableColumns").objects.order_by("table")
        assert [(r.user.username, r.table, r.columns) for r in rows] == [
            ("drane.migration", "inventory.EquipmentTable", ["serial_number"]),
            ("drane.migration", "territory:academie:17", ["comptes.actifs", "pix.certifies"]),
            ("gest.migration", "territory:departement:44", ["parc.conformite_socle"]),
        ]
        assert "core_territorycolumns" not in connection.introspection.table_names()

        back = migrate(BEFORE)
        kept = back.get_model("core", "TerritoryColumns").objects.order_by("territory")
        assert [(r.user.username, r.territory, r.codes) for r in kept] == [
            ("drane.migration", "academie:17", ["comptes.actifs", "pix.certifies"]),
            ("gest.migration", "departement:44", ["parc.conformite_socle"]),
        ]
        others = back.get_model("core", "TableColumns").objects.values_list("table", flat=True)
        assert list(others) == ["inventory.EquipmentTable"]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
