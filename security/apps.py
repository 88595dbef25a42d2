from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = "安全设置"

    def ready(self):
        from . import signals  # noqa: F401  (password history)
