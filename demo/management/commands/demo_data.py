"""`manage.py demo_data`: fill the hub with demo content (see demo/builder.py)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from demo import builder as demo


class Command(BaseCommand):
    help = (
        "Create demo content: the three parties and other actors, both focus areas with their "
        "societal goals, an account for every role, submissions with comments and support, "
        "a forum series and other events, and idea boards. "
        f"Every demo account uses the password {demo.DEMO_PASSWORD!r}."
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
        if options["if_empty"] and demo.database_has_data():
            self.stdout.write("The database already has data: no demo content added.")
            return
        if not options["reset"] and demo.demo_present():
            raise CommandError("Demo content is already there. Run with --reset to recreate it.")
        started = time.monotonic()
        with transaction.atomic():
            removed = demo.wipe() if options["reset"] else {}
            summary = demo.create()
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
                f"{summary.events} events, {summary.boards} idea boards with "
                f"{summary.cards} cards."
            )
        )
        self._print_accounts()

    def _print_accounts(self) -> None:
        accounts = demo.ACCOUNTS
        width = max(len(account.email) for account in accounts)
        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password for all: {demo.DEMO_PASSWORD}):")
        for account in accounts:
            self.stdout.write(f"  {account.email:<{width}}  {account.role_label}")
        others = len(demo.PEOPLE) - len(accounts)
        self.stdout.write(
            f"  … and {others} more people (firstname.lastname@{demo.DEMO_DOMAIN}), same password."
        )
