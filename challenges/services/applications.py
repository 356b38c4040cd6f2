"""Applying to a challenge, withdrawing, and the owner's decision.

Every application and every decision on one challenge happens with the challenge's row
locked (`select_for_update`), so two students applying for the last place, or two people
accepting at once, are served one after the other: the places are never exceeded. The
database's unique constraints hold "one active application per student and challenge" even
against a form sent twice.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from challenges import notifications, permissions
from challenges.errors import ChallengeError, Reason
from challenges.models import (
    ACTIVE_APPLICATION,
    MESSAGE_MAX,
    MOTIVATION_MAX,
    NAME_MAX,
    Application,
    ApplicationStatus,
    Challenge,
    ChallengeStatus,
)
from challenges.services.common import Errors, clean_text, is_filled, lock_challenge
from common.errors import ErrorCode, ServiceError
from hub.models import User
from hub.services.notifications import notify


def _students(application: Application) -> list[User]:
    return [p for p in (application.applicant, application.partner) if p is not None]


def _tell_owner(challenge: Challenge, *, kind: str, actor: User) -> None:
    notify(
        recipients=[challenge.owner],
        kind=kind,
        actor=actor,
        target_url=reverse("frontend:challenge-applications", args=[challenge.pk]),
        data={"title": challenge.title},
    )


def application_create(
    *,
    actor: User,
    challenge: Challenge,
    motivation: str,
    partner: User | None = None,
    university_supervisor: str = "",
) -> Application:
    """A student applies, alone or with another student as a group of two."""
    if not permissions.can_view_challenge(actor, challenge):
        raise ServiceError(ErrorCode.NOT_FOUND)
    if not permissions.can_apply(actor):
        raise ChallengeError(Reason.NOT_A_STUDENT)
    errors: Errors = {}
    motivation = clean_text(motivation, "motivation", MOTIVATION_MAX, errors, required=True)
    supervisor = clean_text(
        university_supervisor, "university_supervisor", NAME_MAX, errors, required=False
    )
    if partner is not None and partner.pk == actor.pk:
        errors["partner"] = [_("Du kan inte söka tillsammans med dig själv.")]
    if errors:
        raise ValidationError(errors)
    if partner is not None and not permissions.is_student(partner):
        raise ChallengeError(Reason.PARTNER_NOT_STUDENT)
    with transaction.atomic():
        locked = lock_challenge(challenge)
        if locked.status != ChallengeStatus.OPEN:
            raise ChallengeError(Reason.NOT_OPEN)
        if locked.deadline_passed:
            raise ChallengeError(Reason.DEADLINE_PASSED)
        if is_filled(locked):
            raise ChallengeError(Reason.FILLED)
        people = [actor.pk] + ([partner.pk] if partner else [])
        if Application.objects.filter(
            Q(applicant__in=people) | Q(partner__in=people),
            challenge=locked,
            status__in=ACTIVE_APPLICATION,
        ).exists():
            raise ChallengeError(Reason.ALREADY_APPLIED)
        try:
            with transaction.atomic():  # a savepoint: the constraint's refusal leaves no trace
                application = Application.objects.create(
                    challenge=locked,
                    applicant=actor,
                    partner=partner,
                    motivation=motivation,
                    university_supervisor=supervisor,
                )
        except IntegrityError:
            raise ChallengeError(Reason.ALREADY_APPLIED) from None
        _tell_owner(locked, kind=notifications.NEW_APPLICATION, actor=actor)
    return application


def application_withdraw(*, actor: User, application: Application) -> Application:
    """A student takes their application back (an accepted one frees its place)."""
    if not permissions.can_withdraw_application(actor, application):
        raise ServiceError(ErrorCode.NOT_FOUND)  # someone else's application is private
    with transaction.atomic():
        locked = lock_challenge(application.challenge)
        current = Application.objects.get(pk=application.pk)
        if not current.is_active:
            raise ChallengeError(Reason.ALREADY_DECIDED)
        current.status = ApplicationStatus.WITHDRAWN
        current.save(update_fields=["status"])
        _tell_owner(locked, kind=notifications.WITHDRAWN, actor=actor)
    return current


def _decide(
    *,
    actor: User,
    application: Application,
    status: ApplicationStatus,
    message: str,
    university_supervisor: str | None,
) -> Application:
    if not permissions.can_manage_applications(actor, application.challenge):
        raise ServiceError(ErrorCode.NOT_FOUND)  # applicants are private to the owner
    errors: Errors = {}
    message = clean_text(message, "decision_message", MESSAGE_MAX, errors, required=False)
    supervisor = (
        clean_text(university_supervisor, "university_supervisor", NAME_MAX, errors, required=False)
        if university_supervisor is not None
        else None
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = lock_challenge(application.challenge)
        current = Application.objects.select_related("applicant", "partner").get(pk=application.pk)
        if current.status != ApplicationStatus.SUBMITTED:
            raise ChallengeError(Reason.ALREADY_DECIDED)
        if status == ApplicationStatus.ACCEPTED and is_filled(locked):
            raise ChallengeError(Reason.FILLED)
        current.status = status
        current.decision_message = message
        current.decided_by = actor
        current.decided_at = timezone.now()
        fields = ["status", "decision_message", "decided_by", "decided_at"]
        if supervisor is not None:
            current.university_supervisor = supervisor
            fields.append("university_supervisor")
        current.save(update_fields=fields)
        notify(
            recipients=_students(current),
            kind=(
                notifications.ACCEPTED
                if status == ApplicationStatus.ACCEPTED
                else notifications.DECLINED
            ),
            actor=actor,
            target_url=reverse("frontend:my-challenge-applications"),
            data={"title": locked.title},
        )
    current.challenge = locked
    return current


def application_accept(
    *,
    actor: User,
    application: Application,
    message: str = "",
    university_supervisor: str | None = None,
) -> Application:
    """Accept: the students and both supervisors are linked to the challenge. Refused once
    the places are filled (tillsatt)."""
    return _decide(
        actor=actor,
        application=application,
        status=ApplicationStatus.ACCEPTED,
        message=message,
        university_supervisor=university_supervisor,
    )


def application_decline(*, actor: User, application: Application, message: str = "") -> Application:
    """Decline, with a message to the students."""
    return _decide(
        actor=actor,
        application=application,
        status=ApplicationStatus.DECLINED,
        message=message,
        university_supervisor=None,
    )
