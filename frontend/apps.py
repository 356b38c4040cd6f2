from django.apps import AppConfig


class FrontendConfig(AppConfig):
    name = "frontend"

    def ready(self) -> None:
        from frontend import wiring

        wiring.connect()  # who took part in an event, for feedback (frontend/wiring.py)
