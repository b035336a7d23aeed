"""The indicators each person chose for a territory's table of schools move from
``TerritoryColumns`` into ``TableColumns``, the model every list already uses: one row per
person and territory, keyed ``territory:<kind>:<code>`` (the territory's key of the old model,
prefixed). Then the old model goes. Both ways: going back copies the rows back."""

from django.db import migrations

PREFIX = "territory:"


def to_table_columns(apps, schema_editor):
    TerritoryColumns = apps.get_model("core", "TerritoryColumns")
    TableColumns = apps.get_model("core", "TableColumns")
    rows = TerritoryColumns.objects.order_by("pk").values_list("user_id", "territory", "codes")
    TableColumns.objects.bulk_create(
        [
            TableColumns(user_id=user_id, table=PREFIX + territory, columns=codes)
            for user_id, territory, codes in rows.iterator(chunk_size=1000)
        ],
        batch_size=1000,
    )


def to_territory_columns(apps, schema_editor):
    TerritoryColumns = apps.get_model("core", "TerritoryColumns")
    TableColumns = apps.get_model("core", "TableColumns")
    rows = TableColumns.objects.filter(table__startswith=PREFIX).order_by("pk")
    TerritoryColumns.objects.bulk_create(
        [
            TerritoryColumns(
                user_id=user_id, territory=table.removeprefix(PREFIX), codes=columns
            )
            for user_id, table, columns in rows.values_list("user_id", "table", "columns")
        ],
        batch_size=1000,
    )
    rows.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0010_table_columns"),
    ]

    operations = [
        migrations.RunPython(to_table_columns, to_territory_columns),
        migrations.DeleteModel(name="TerritoryColumns"),
    ]
