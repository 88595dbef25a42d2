from django.db import migrations

from org.sector_defaults import ensure_default_sectors


def seed(apps, schema_editor):
    ensure_default_sectors(apps.get_model("org", "Sector"))


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
