"""Publishing what came out of a challenge: a title, an abstract and a link (such as DiVA) or
a file, checked by its content like submissions' attachments (`ideas.uploads`)."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from challenges import notifications, permissions
from challenges.errors import ChallengeError, Reason
from challenges.models import (
    ABSTRACT_MAX,
    TITLE_MAX,
    Application,
    ApplicationStatus,
    Challenge,
    ChallengeStatus,
    Result,
)
from challenges.services.common import Errors, clean_text, lock_challenge
from common.errors import ErrorCode, ServiceError
from common.ratelimit import rate_limit_check
from hub.models import User
from hub.services.notifications import notify
from ideas.services.attachments import files_removed_on_error
from ideas.uploads import CheckedFile, check_attachment

LINK_MAX = 500


def _link(value: str, errors: Errors) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        errors["link"] = [_("Ange en fullständig adress som börjar med https://.")]
    if len(value) > LINK_MAX:
        errors["link"] = [_("Högst %(n)d tecken.") % {"n": LINK_MAX}]
    return value


def _checked(upload: UploadedFile | None, errors: Errors) -> CheckedFile | None:
    if upload is None:
        return None
    try:
        return check_attachment(upload)
    except ValidationError as exc:
        errors["file"] = [str(message) for message in exc.messages]
        return None


def _recipients(challenge: Challenge, actor: User) -> list[User]:
    people = [challenge.owner, challenge.contact_person, challenge.partnership_supervisor]
    accepted = Application.objects.filter(
        challenge=challenge, status=ApplicationStatus.ACCEPTED
    ).select_related("applicant", "partner")
    for application in accepted:
        people += [application.applicant, application.partner]
    return [person for person in people if person is not None and person.pk != actor.pk]


def result_publish(
    *,
    actor: User,
    challenge: Challenge,
    title: str,
    abstract: str,
    link: str = "",
    upload: UploadedFile | None = None,
) -> Result:
    """A student accepted to the challenge publishes its result; it shows on the challenge
    and on the submission or initiative it came from."""
    if not permissions.can_view_challenge(actor, challenge):
        raise ServiceError(ErrorCode.NOT_FOUND)
    if not permissions.can_publish_result(actor, challenge):
        raise ChallengeError(Reason.NOT_ON_CHALLENGE)
    errors: Errors = {}
    title = clean_text(title, "title", TITLE_MAX, errors, required=True)
    abstract = clean_text(abstract, "abstract", ABSTRACT_MAX, errors, required=True)
    link = _link(link, errors)
    checked = _checked(upload, errors)
    if not link and upload is None and "link" not in errors:
        errors["link"] = [_("Ange en länk eller bifoga en fil.")]
    if errors:
        raise ValidationError(errors)
    if upload is not None:
        rate_limit_check(scope="upload", key=actor.pk)
    with files_removed_on_error() as stored, transaction.atomic():
        locked = lock_challenge(challenge)
        if locked.status == ChallengeStatus.DRAFT:
            raise ChallengeError(Reason.NOT_OPEN)
        result = Result(challenge=locked, author=actor, title=title, abstract=abstract, link=link)
        if upload is not None and checked is not None:
            result.token = secrets.token_hex(16)
            result.extension = checked.extension
            result.content_type = checked.content_type
            result.original_name = checked.original_name
            result.size = checked.size
            result.file.save(f"{result.token}.{result.extension}", upload, save=False)
            stored.append(result.file)  # removed again if the transaction fails
        result.save()
        notify(
            recipients=_recipients(locked, actor),
            kind=notifications.RESULT_PUBLISHED,
            actor=actor,
            target_url=locked.get_absolute_url(),
            data={"title": locked.title, "result": title},
        )
    return result
