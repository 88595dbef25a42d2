from django.apps import AppConfig
from django.db.models.signals import post_migrate


class NotifyConfig(AppConfig):
    name = "notify"
    verbose_name = "提醒与通知"

    def ready(self):
        from .schedule import ensure_schedules

        # The scheduler's jobs are data in django-q's table; keep them present after every
        # migrate so a fresh install (make run) schedules the daily pass without a manual step.
        post_migrate.connect(ensure_schedules, sender=self)
