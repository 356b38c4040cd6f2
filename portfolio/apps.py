from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = _("Portfölj")

    def ready(self) -> None:
        from portfolio import notifications, permissions, personal_data  # noqa: F401  (registers kinds, rules, personal data)
