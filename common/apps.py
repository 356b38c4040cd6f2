from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Infrastructure that knows no domain. An app only for its scheduling table and the
    `worker` command; it imports nothing of the project."""

    name = "common"
    verbose_name = "Infrastruktur"
    default_auto_field = "django.db.models.BigAutoField"
