from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmailingConfig(AppConfig):
    name = "emailing"
    verbose_name = _("E-postnotiser")

    def ready(self) -> None:
        # hub's `notify` cannot import this package (it sits above the core): it calls the
        # deliveries registered here after commit, with the new notifications' ids.
        from emailing.services import notifications_delivered
        from hub.notifications import register_delivery

        register_delivery(notifications_delivered)

        from emailing import personal_data  # noqa: F401  (declares the app's personal data)
