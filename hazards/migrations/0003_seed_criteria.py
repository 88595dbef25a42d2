from django.db import migrations

from hazards.criteria_seed import seed_criteria


def seed(apps, schema_editor):
    seed_criteria(apps.get_model("hazards", "Criterion"), apps.get_model("org", "Sector"))


class Migration(migrations.Migration):
    dependencies = [("hazards", "0002_fulltext"), ("org", "0002_default_sectors")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
