"""Who holds which role: the roles held through groups, the admin's own flags, and the seats
on a focus area's Core Team.

`actor` is the administrator making the change, or None for the hub itself (a management
command, the demo build). Making someone a superuser takes a superuser (or the hub itself).
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from common.errors import ErrorCode, ServiceError
from hub.models import CoreTeamMembership, FocusArea, Organisation, Role, User
from hub.services.configuration import configuration_check


def _locked(user: User) -> User:
    return User.objects.select_for_update().get(pk=user.pk)


# Roles that act for the partnership: they need an address the person has proven is theirs.
NEEDS_VERIFIED_EMAIL = {Role.FACILITATOR}


def _unverified_error() -> ValidationError:
    return ValidationError(
        {
            "user": [
                _(
                    "Personen har inte bekräftat sin e-postadress. Be personen öppna "
                    "länken i bekräftelsemejlet (eller skicka det igen) först."
                )
            ]
        }
    )


def role_grant(*, actor: User | None, user: User, role: Role) -> User:
    """Give `user` a role. An administrator also gets into the admin (is_staff)."""
    configuration_check(actor)
    role = Role(role)
    with transaction.atomic():
        user = _locked(user)
        if role in NEEDS_VERIFIED_EMAIL and user.email_verified_at is None:
            raise _unverified_error()
        user.groups.add(Group.objects.get(name=role.value))
        if role == Role.ADMINISTRATOR and not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    return user


def role_revoke(*, actor: User | None, user: User, role: Role) -> User:
    """Take a role back. An administrator's admin access goes with it, unless a superuser's."""
    configuration_check(actor)
    role = Role(role)
    if actor is not None and actor.pk == user.pk and role == Role.ADMINISTRATOR:
        raise ValidationError(_("Du kan inte ta bort din egen administratörsroll."))
    with transaction.atomic():
        user = _locked(user)
        user.groups.remove(Group.objects.get(name=role.value))
        if role == Role.ADMINISTRATOR and user.is_staff and not user.is_superuser:
            user.is_staff = False
            user.save(update_fields=["is_staff"])
    return user


def superuser_grant(*, actor: User | None, user: User) -> User:
    """Every permission in the admin, and the admin itself. Only a superuser gives it."""
    if actor is not None and not actor.is_superuser:
        raise ServiceError(ErrorCode.FORBIDDEN)
    with transaction.atomic():
        user = _locked(user)
        user.is_superuser = True
        user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
    return user


def core_team_seat_add(
    *, actor: User | None, user: User, focus_area: FocusArea, party: Organisation
) -> CoreTeamMembership:
    """Seat `user` on a focus area's Core Team for `party`: one seat per person and area."""
    configuration_check(actor)
    if not party.is_party:
        raise ValidationError({"party": [_("Bara en part kan ha en plats i Core Team.")]})
    if User.objects.filter(pk=user.pk, email_verified_at__isnull=True).exists():
        raise _unverified_error()
    taken = _("Personen har redan en plats i det här fokusområdets Core Team.")
    if CoreTeamMembership.objects.filter(user=user, focus_area=focus_area).exists():
        raise ValidationError({"user": [taken]})
    try:
        with transaction.atomic():
            return CoreTeamMembership.objects.create(user=user, focus_area=focus_area, party=party)
    except IntegrityError as exc:  # a concurrent request gave the same seat
        raise ValidationError({"user": [taken]}) from exc


def core_team_seat_remove(*, actor: User | None, seat: CoreTeamMembership) -> None:
    configuration_check(actor)
    with transaction.atomic():
        CoreTeamMembership.objects.filter(pk=seat.pk).delete()
