"""Build the demo from demo/content/ through the hub's own services.

One module per subject, in the order the build runs: people (parties, focus areas, people),
submissions, events (and their boards), assessment, portfolio, and the inbox. Every change
goes through the service function the pages and the API call, as of the moment it happened in
the demo's story (`demo.clock`), so the demo holds exactly what real use would have left.

`manage.py demo_data` is the caller; see that command for the flags.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher
from django.db import transaction
from django.test.utils import override_settings

from demo.builder.assessment import build_assessment
from demo.builder.challenges import build_challenges
from demo.builder.events import build_boards, build_events
from demo.builder.feedback import build_feedback
from demo.builder.inbox import settle_notifications
from demo.builder.people import DEMO_PASSWORD, build_configuration, build_people
from demo.builder.portfolio import build_portfolio
from demo.builder.registrations import build_registrations
from demo.builder.state import Build, Summary
from demo.builder.submissions import build_submissions
from demo.reading import load
from demo.services import demo_users, wipe
from hub.models import User
from ideas.models import Idea

__all__ = [
    "DEMO_PASSWORD",
    "QuickPBKDF2PasswordHasher",
    "Summary",
    "create",
    "database_has_data",
    "demo_present",
    "demo_users",
    "wipe",
]


class QuickPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """PBKDF2 with fewer rounds, for demo accounts whose password is published anyway.

    The hash reads as ordinary `pbkdf2_sha256`, so the normal hasher verifies it and
    Django re-hashes it at full strength at the first sign-in.
    """

    iterations = 20_000


def demo_present() -> bool:
    return demo_users().exists()


def database_has_data() -> bool:
    """Whether anyone has put anything in yet (what `--if-empty` looks at)."""
    return User.objects.exists() or Idea.objects.exists()


def create() -> Summary:
    """Create the demo content. Rate limits are off while it runs; all in one transaction."""
    build = Build(content=load())
    hashers = list(settings.PASSWORD_HASHERS)
    if isinstance(get_hasher(), PBKDF2PasswordHasher):
        hashers.insert(0, f"{__name__}.QuickPBKDF2PasswordHasher")
    with (
        override_settings(RATE_LIMITS={}, PASSWORD_HASHERS=hashers),
        transaction.atomic(),
    ):
        build_configuration(build)
        build_people(build)
        build_submissions(build)
        build_events(build)
        build_boards(build)
        build_registrations(build)
        build_feedback(build)
        build_assessment(build)
        build_portfolio(build)
        build_challenges(build)
        settle_notifications(build)
    return build.summary
