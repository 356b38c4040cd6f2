from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Infrastructure that knows no domain. An app only for its scheduling table, the
    outbox and the `worker` command; it imports nothing of the project."""

    name = "common"
    verbose_name = "Infrastruktur"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from common import checks  # noqa: F401 (registers the start-up checks)
        from common.personal_data import declare_own_models

        declare_own_models()
