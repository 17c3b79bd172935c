"""Load the eight PAPI content areas and their sub-dimensions, and one group per role.

The data is the project's own copy of the published list (plans/data/papi-dimensions.json);
nothing outside the project is read. Administrators edit it afterwards in the admin.
"""

from django.db import migrations

from plans import reference


def load(apps, schema_editor):
    reference.load_areas(apps.get_model("plans", "ContentArea"), apps.get_model("plans", "SubDimension"))


def create_role_groups(apps, schema_editor):
    reference.create_role_groups(apps.get_model("auth", "Group"))


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(create_role_groups, migrations.RunPython.noop),
    ]
