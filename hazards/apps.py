from django.apps import AppConfig


class HazardsConfig(AppConfig):
    name = "hazards"
    verbose_name = "隐患排查治理"

    def ready(self):
        from org.phones import register

        from .models import Hazard

        register("hazard", Hazard, "hazards", "owner_phone")
