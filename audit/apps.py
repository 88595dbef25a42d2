from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "审计日志"

    def ready(self):
        from . import capture

        capture.connect()
