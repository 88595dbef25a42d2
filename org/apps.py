from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "org"
    verbose_name = "组织机构"

    def ready(self):
        from .models import Expert, Person
        from .phones import register

        register("person", Person, "directory")
        register("expert", Expert, "experts")
