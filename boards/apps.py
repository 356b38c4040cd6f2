from django.apps import AppConfig


class BoardsConfig(AppConfig):
    name = "boards"

    def ready(self) -> None:
        from boards import personal_data  # noqa: F401  (declares its personal data)
