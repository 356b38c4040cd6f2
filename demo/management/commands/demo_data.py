"""`manage.py demo_data`: fill the hub with demo content (demo/content/, built by demo.builder)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from demo import builder
from demo.reading import load
from demo.specs import DEMO_DOMAIN


class Command(BaseCommand):
    help = (
        "Create demo content: the three parties and other actors, both focus areas with their "
        "societal goals, an account for every role, submissions with comments and support, "
        "a forum series and other events, idea boards, assessment rounds in every state, and "
        "both portfolios with a year of status reports. "
        f"Every demo account uses the password {builder.DEMO_PASSWORD!r}."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already has people or submissions (used by "
            "`make run`).",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Remove the demo people and everything they created first, then recreate it.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and options["reset"]:
            raise CommandError("Use either --if-empty or --reset, not both.")
        if options["if_empty"] and builder.database_has_data():
            self.stdout.write("The database already has data: no demo content added.")
            return
        if not options["reset"] and builder.demo_present():
            raise CommandError("Demo content is already there. Run with --reset to recreate it.")
        started = time.monotonic()
        with transaction.atomic():
            removed = builder.wipe() if options["reset"] else {}
            summary = builder.create()
        elapsed = time.monotonic() - started
        if options["verbosity"] < 1:
            return
        if removed:
            total = sum(removed.values())
            self.stdout.write(f"Removed the previous demo content ({total} rows).")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content created in {elapsed:.1f} s: {summary.organisations} "
                f"organisations, {summary.focus_areas} focus areas, {summary.goals} societal "
                f"goals, {summary.people} people, {summary.submissions} submissions, "
                f"{summary.comments} comments, {summary.supports} supports, "
                f"{summary.events} events with {summary.registrations} registrations and "
                f"{summary.feedback_answers} feedback answers, "
                f"{summary.boards} idea boards with "
                f"{summary.cards} cards, {summary.rounds} assessment rounds with "
                f"{summary.scores} scores, {summary.votes} votes and {summary.decisions} "
                f"decisions, {summary.initiatives} portfolio initiatives with "
                f"{summary.status_reports} status reports."
            )
        )
        self._print_accounts()

    def _print_accounts(self) -> None:
        content = load()
        accounts = content.accounts
        width = max(len(account.email) for account in accounts)
        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password for all: {builder.DEMO_PASSWORD}):")
        for account in accounts:
            self.stdout.write(f"  {account.email:<{width}}  {account.account}")
        others = len(content.people) - len(accounts)
        self.stdout.write(
            f"  … and {others} more people (firstname.lastname@{DEMO_DOMAIN}), same password."
        )
