"""Who holds which role. Named predicates, used by every app's permissions module."""

from __future__ import annotations

from typing import Any

import rules

from hub.models import Role


@rules.predicate
def is_authenticated(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_administrator(user: Any) -> bool:
    return is_authenticated(user) and (user.is_superuser or user.has_role(Role.ADMINISTRATOR))


@rules.predicate
def is_facilitator(user: Any) -> bool:
    return is_authenticated(user) and user.has_role(Role.FACILITATOR)


@rules.predicate
def is_governing_board(user: Any) -> bool:
    return is_authenticated(user) and user.has_role(Role.GOVERNING_BOARD)


@rules.predicate
def is_core_team_member(user: Any) -> bool:
    """A member of any focus area's Core Team."""
    return is_authenticated(user) and user.core_teams.exists()


@rules.predicate
def is_self(user: Any, other: Any) -> bool:
    return is_authenticated(user) and other is not None and user.pk == other.pk


can_moderate = is_facilitator | is_administrator
can_edit_profile = is_self
can_give_consent = is_self  # consent is the person's own, nobody gives it for them
can_configure = is_administrator

rules.add_perm("hub.moderate", can_moderate)
rules.add_perm("hub.configure", can_configure)
