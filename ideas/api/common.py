"""What the submission API's modules share: enum fields and the two rules that shape every
output (the author's name only with consent, moderation details only to the author and
moderators)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from common.api import enum_field
from hub.models import User
from hub.permissions import can_moderate
from ideas import permissions
from ideas.models import Idea, IdeaKind, IdeaStatus, SupportKind

Viewer = User | AnonymousUser


IdeaKindField = enum_field(IdeaKind, "IdeaKind")


IdeaStatusField = enum_field(IdeaStatus, "IdeaStatus")


SupportKindField = enum_field(SupportKind, "SupportKind")


def sees_moderation(viewer: Viewer, idea: Idea) -> bool:
    return bool(permissions.is_author(viewer, idea) or can_moderate(viewer))
