from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "ideas"
    verbose_name = _("Bidrag")

    def ready(self) -> None:
        from ideas import notifications, personal_data  # noqa: F401  (registers messages, personal data)
