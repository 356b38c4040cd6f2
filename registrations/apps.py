from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Anmälningar")

    def ready(self) -> None:
        from registrations import notifications, permissions, personal_data  # noqa: F401  (registers kinds, rules, personal data)
