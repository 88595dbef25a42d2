from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "公共"

    def ready(self):
        # jieba logs its dictionary load at INFO; keep the console quiet.
        import logging

        logging.getLogger("jieba").setLevel(logging.WARNING)
