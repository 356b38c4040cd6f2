from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content and the `demo_data` command. Not needed on a production server."""

    name = "demo"
    verbose_name = "Demo"
