"""The answers' idempotency keys move to the one table every offline submission uses (core.ReplayKey)."""

from django.db import migrations


def forward(apps, schema_editor):
    AnswerKey = apps.get_model("inspections", "AnswerKey")
    ReplayKey = apps.get_model("core", "ReplayKey")
    ContentType = apps.get_model("contenttypes", "ContentType")
    item_type, _ = ContentType.objects.get_or_create(app_label="inspections", model="checkitem")
    ReplayKey.objects.bulk_create([
        ReplayKey(user_id=row.item.checked_by_id, key=row.key, content_type=item_type, object_id=row.item_id,
                  created_at=row.created_at)
        for row in AnswerKey.objects.select_related("item").filter(item__checked_by__isnull=False)
    ], ignore_conflicts=True)


def backward(apps, schema_editor):
    AnswerKey = apps.get_model("inspections", "AnswerKey")
    ReplayKey = apps.get_model("core", "ReplayKey")
    ContentType = apps.get_model("contenttypes", "ContentType")
    item_type = ContentType.objects.filter(app_label="inspections", model="checkitem").first()
    if item_type:
        AnswerKey.objects.bulk_create([
            AnswerKey(key=row.key, item_id=row.object_id, created_at=row.created_at)
            for row in ReplayKey.objects.filter(content_type=item_type)
        ], ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0006_replay_keys"),
        ("inspections", "0008_answer_keys"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(name="AnswerKey"),
    ]
