# The post-2025 national list (plans/units.py) has two kinds the tree did not: centrally-run
# cities at the province's level and island special zones (đặc khu) at the commune's. Only the
# choices change: no column is altered.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0005_departments_lead_tasks"),
    ]

    operations = [
        migrations.AlterField(
            model_name="administrativeunit",
            name="kind",
            field=models.CharField(
                choices=[
                    ("province", "Province"),
                    ("city", "Centrally-run city"),
                    ("district", "District"),
                    ("commune", "Commune"),
                    ("ward", "Ward"),
                    ("special", "Special zone"),
                ],
                max_length=10,
                verbose_name="kind",
            ),
        ),
    ]
