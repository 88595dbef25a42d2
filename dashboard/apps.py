from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """工作台: the landing page's figures, above every domain app."""

    name = "dashboard"
    verbose_name = "工作台"
