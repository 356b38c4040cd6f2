from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = _("Bedömning")

    def ready(self) -> None:
        from assessment import notifications, permissions, personal_data  # noqa: F401  (registers kinds, rules, personal data)
