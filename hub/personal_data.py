"""The people core's personal data (see common/personal_data.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from common import personal_data as pd
from hub.models import (
    Consent,
    CoreTeamMembership,
    FocusArea,
    Notification,
    Organisation,
    PersonalDataAccess,
    SocietalGoal,
    User,
)
from hub.services.erasure import notifications_erase, user_pseudonymise


def _user_erase(user: Any, rows: QuerySet[Any], remove_texts: bool) -> None:
    user_pseudonymise(user=user)


def _user_export(rows: QuerySet[Any]) -> list[dict[str, Any]]:
    # Never the password hash or the session epoch: they are the account's, not the person's.
    return [
        {
            "email": user.email,
            "display_name": user.display_name,
            "profile_type": user.get_profile_type_display(),
            "organisation": str(user.organisation) if user.organisation_id else None,
            "bio": user.bio,
            "language": user.language,
            "email_verified_at": user.email_verified_at,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "roles": sorted(user.groups.values_list("name", flat=True)),
        }
        for user in rows.select_related("organisation")
    ]


def _notifications_erase(user: Any, rows: QuerySet[Any], remove_texts: bool) -> None:
    notifications_erase(user=user)


def _notifications_export(rows: QuerySet[Any]) -> list[dict[str, Any]]:
    return [
        {
            "message": str(notification.message),
            "link": notification.target_url,
            "created_at": notification.created_at,
            "read_at": notification.read_at,
        }
        for notification in rows.order_by("created_at", "pk")
    ]


def _the_user(user: Any) -> QuerySet[Any]:
    return User.objects.filter(pk=user.pk)


pd.register(
    User,
    people=(),
    rows=_the_user,
    fields={
        "email": pd.Erasure.PSEUDONYMISE,
        "display_name": pd.Erasure.PSEUDONYMISE,
        "bio": pd.Erasure.CLEAR,
        "password": pd.Erasure.CLEAR,
    },
    erase=_user_erase,
    export=_user_export,
    label=_("Ditt konto"),
)
pd.register(
    CoreTeamMembership,
    people=("user",),
    # A seat means nothing without its holder; rounds keep their assessors (assessment).
    delete_rows=True,
    label=_("Platser i Core Team"),
)
pd.register(
    Notification,
    people=("recipient",),
    fields={"data": pd.Erasure.PSEUDONYMISE},
    # `actor`: the person who caused someone else's notification. Those rows are the
    # recipient's (not exported); erasure takes the name out of their data.
    not_personal_fields=("actor", "target_url", "kind"),
    erase=_notifications_erase,
    export=_notifications_export,
    label=_("Notiser"),
)
pd.not_personal(Organisation, reason="the partnership's actors, public")
pd.not_personal(FocusArea, reason="the partnership's focus areas, public")
pd.not_personal(SocietalGoal, reason="the partnership's goals, public")


def _consents_export(rows: QuerySet[Any]) -> list[dict[str, Any]]:
    return [
        {
            "consent": consent.get_kind_display(),
            "given_at": consent.given_at,
            "withdrawn_at": consent.withdrawn_at,
        }
        for consent in rows.order_by("given_at", "pk")
    ]


pd.register(
    Consent,
    people=("user",),
    # Nothing is left to prove once the person is gone: the records go with them.
    delete_rows=True,
    export=_consents_export,
    label=_("Samtycken"),
)


def _accesses_export(rows: QuerySet[Any]) -> list[dict[str, Any]]:
    # Who looked at the person's data, and when (the administrator by role, not by name).
    return [
        {"what": access.get_kind_display(), "at": access.at} for access in rows.order_by("at", "pk")
    ]


pd.register(
    PersonalDataAccess,
    people=("person",),
    # The audit log outlives an erasure: it points at the pseudonymised row and holds
    # only ids and admin addresses. `actor`: the administrator, not the person.
    not_personal_fields=("actor", "path"),
    export=_accesses_export,
    label=_("Administratörers åtkomst till dina uppgifter"),
)
