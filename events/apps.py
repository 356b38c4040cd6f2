from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"

    def ready(self) -> None:
        from events import personal_data  # noqa: F401  (declares its personal data)
