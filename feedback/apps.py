from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Utvärdering")

    def ready(self) -> None:
        from feedback import notifications, permissions, personal_data  # noqa: F401  (registers kinds, rules, personal data)
