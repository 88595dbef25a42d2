from django.apps import AppConfig


class DutiesConfig(AppConfig):
    name = "duties"
    verbose_name = "履职"
