from django.db import migrations


def seed(apps, schema_editor):
    from safety.defaults import ensure_default_rules

    ensure_default_rules(apps.get_model("safety", "DrillRule"))


class Migration(migrations.Migration):
    dependencies = [("safety", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
