from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = _("Hubben")

    def ready(self) -> None:
        from hub import personal_data  # noqa: F401  (declares the core's personal data)
