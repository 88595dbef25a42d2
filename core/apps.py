from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "公共"

    def ready(self):
        # jieba logs its dictionary load at INFO; keep the console quiet.
        import logging

        logging.getLogger("jieba").setLevel(logging.WARNING)
        self._date_window()
        from django.db.models.signals import post_migrate

        from .planner import refresh

        post_migrate.connect(refresh, sender=self, dispatch_uid="core.planner.refresh")

    @staticmethod
    def _date_window():
        """Every date field of every form and serializer — declared or made from a model
        field — refuses dates outside core.dates' window, through its default validators."""
        from django import forms
        from rest_framework import serializers

        from .dates import validate_window

        for field in (forms.DateField, forms.DateTimeField, serializers.DateField, serializers.DateTimeField):
            if validate_window not in field.default_validators:
                field.default_validators = [*field.default_validators, validate_window]
