from django.apps import AppConfig


class HazardsConfig(AppConfig):
    name = "hazards"
    verbose_name = "隐患排查治理"

    def ready(self):
        from org.phones import register

        from .models import Hazard

        register("hazard", Hazard, "hazards", "owner_phone")

        from django.db.models.signals import post_delete

        from core.models import subtree_moved
        from org.models import Region

        from . import tally

        post_delete.connect(tally.on_delete, sender=Hazard, dispatch_uid="hazard-tally-delete")
        subtree_moved.connect(tally.on_region_moved, sender=Region, dispatch_uid="hazard-tally-moved")
