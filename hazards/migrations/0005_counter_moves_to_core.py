"""The serial counters move to core.NumberCounter (core.numbering), keeping every county's
last number so no record number is ever issued twice."""

from django.db import migrations


def copy_counters(apps, schema_editor):
    old = apps.get_model("hazards", "HazardCounter")
    new = apps.get_model("core", "NumberCounter")
    new.objects.bulk_create(
        [new(prefix=c.prefix, year=c.year, last=c.last) for c in old.objects.all()], ignore_conflicts=True
    )


def copy_back(apps, schema_editor):
    old = apps.get_model("hazards", "HazardCounter")
    new = apps.get_model("core", "NumberCounter")
    old.objects.bulk_create([old(prefix=c.prefix, year=c.year, last=c.last) for c in new.objects.all()])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_number_counter"),
        ("hazards", "0004_criterion_event"),
    ]

    operations = [
        migrations.RunPython(copy_counters, copy_back),
        migrations.DeleteModel(name="HazardCounter"),
    ]
