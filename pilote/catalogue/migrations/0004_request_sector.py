from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0003_catalogue_national")]

    operations = [
        migrations.AddField(
            model_name="historicalvalidationrequest",
            name="sector",
            field=models.CharField(
                choices=[("public", "Public"), ("prive", "Privé")],
                default="prive",
                max_length=8,
                verbose_name="éditeur public ou privé",
            ),
        ),
        migrations.AddField(
            model_name="validationrequest",
            name="sector",
            field=models.CharField(
                choices=[("public", "Public"), ("prive", "Privé")],
                default="prive",
                max_length=8,
                verbose_name="éditeur public ou privé",
            ),
        ),
        migrations.AddField(
            model_name="historicalservice",
            name="reserved_to",
            field=models.CharField(
                blank=True,
                choices=[("college", "Collèges"), ("lycee", "Lycées")],
                help_text="Vide : collèges et lycées.",
                max_length=8,
                verbose_name="réservé aux",
            ),
        ),
        migrations.AddField(
            model_name="service",
            name="reserved_to",
            field=models.CharField(
                blank=True,
                choices=[("college", "Collèges"), ("lycee", "Lycées")],
                help_text="Vide : collèges et lycées.",
                max_length=8,
                verbose_name="réservé aux",
            ),
        ),
    ]
