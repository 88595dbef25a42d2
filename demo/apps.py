from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo counties (load_demo) and generated scale data (generate_data): the top layer,
    built through the domain apps' own services."""

    name = "demo"
    verbose_name = "演示数据"
