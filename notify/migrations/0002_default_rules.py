from django.db import migrations


def seed(apps, schema_editor):
    from notify.defaults import ensure_default_rules

    ensure_default_rules(apps.get_model("notify", "ReminderRule"))


class Migration(migrations.Migration):
    dependencies = [("notify", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
