from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "safety"
    verbose_name = "培训、演练与全覆盖"

    def ready(self):
        from org.phones import register

        from .models import EmergencySupply, RescueTeam

        register("supply", EmergencySupply, "emergency")
        register("team", RescueTeam, "emergency")
