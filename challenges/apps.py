from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "challenges"
    verbose_name = _("Utmaningar")

    def ready(self) -> None:
        from challenges import notifications, permissions, personal_data  # noqa: F401  (registers kinds, rules, personal data)
