from django.db import migrations

from org.sector_defaults import DEFAULT_SECTORS


def seed(apps, schema_editor):
    Sector = apps.get_model("org", "Sector")
    if Sector.objects.exists():
        return

    def create(nodes, parent, depth):
        for order, (code, name, two_plus_one, children) in enumerate(nodes, start=1):
            node = Sector.objects.create(
                code=code, name=name, is_two_plus_one=two_plus_one, sort_order=order, parent=parent, depth=depth
            )
            # Historical models lack TreeNode.save(): write the path by hand.
            node.path = f"{parent.path if parent else '/'}{node.pk}/"
            node.save(update_fields=["path"])
            create(children, node, depth + 1)

    create(DEFAULT_SECTORS, None, 0)


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
