from django.apps import AppConfig


class TipoffsConfig(AppConfig):
    name = "tipoffs"
    verbose_name = "群众举报"
