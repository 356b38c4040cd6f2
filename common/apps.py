from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Infrastructure that knows no domain. An app only for its scheduling table, the
    outbox and the `worker` command; it imports nothing of the project."""

    name = "common"
    verbose_name = "Infrastruktur"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.urls import register_converter

        from common import checks  # noqa: F401 (registers the start-up checks)
        from common.ids import IdConverter, YearConverter
        from common.personal_data import declare_own_models

        declare_own_models()
        # Before any URL map is read: `<id:pk>` in every one of them.
        register_converter(IdConverter, "id")
        register_converter(YearConverter, "year")
