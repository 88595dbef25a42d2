from django.db import migrations

from core.fulltext import fts_migration_ops


class Migration(migrations.Migration):
    dependencies = [("hazards", "0001_initial")]
    operations = fts_migration_ops("hazards_hazard")
