from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = "督查检查与执法"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

        from core.models import subtree_moved
        from org.models import Expert, Person, Region

        from . import tally
        from .models import Inspection, Target

        # The list totals' roll-ups (inspections/tally.py), in the changing transaction.
        post_save.connect(tally.on_target_saved, sender=Target, dispatch_uid="inspection-tally-target-saved")
        post_delete.connect(tally.on_target_deleted, sender=Target, dispatch_uid="inspection-tally-target-deleted")
        for through in (Inspection.members.through, Inspection.experts.through):
            m2m_changed.connect(tally.on_team_changed, sender=through, dispatch_uid=f"inspection-tally-{through.__name__}")
        pre_delete.connect(tally.on_inspection_deleting, sender=Inspection, dispatch_uid="inspection-tally-deleting")
        for model in (Person, Expert):
            pre_delete.connect(tally.on_member_deleting, sender=model, dispatch_uid=f"inspection-tally-{model.__name__}")
        subtree_moved.connect(tally.on_region_moved, sender=Region, dispatch_uid="inspection-tally-moved")
