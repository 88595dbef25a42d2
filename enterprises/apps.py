from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "enterprises"
    verbose_name = "生产经营单位"

    def ready(self):
        from org.phones import register

        from .models import Contact, Enterprise

        register("contact", Contact, "enterprises")
        register("enterprise", Enterprise, "enterprises")
