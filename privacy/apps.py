from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """ "Download my data" and "delete my account", built from the registry of personal data
    alone (common/personal_data.py): this app knows no domain app."""

    name = "privacy"
    verbose_name = _("Personuppgifter")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from privacy import notifications, permissions, personal_data  # noqa: F401  (registers)
