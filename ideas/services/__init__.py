"""Every change to submissions happens in this package, one module per subject:

- `drafts`: a new submission, editing a draft (values, attachments, submitting: one step),
  deleting a draft (or, by an administrator, any submission);
- `lifecycle`: status changes, the only place a submission's status moves;
- `attachments`: files stored after their content check, removed with their row;
- `tags`: free names, one tag per slug;
- `comments`: comments and replies;
- `support`: how people want to contribute;
- `moderation`: hiding submissions and comments.

Each function checks permission, validates, writes in one transaction and tells people
through notifications (`hub.services.notify`, pushed to their open pages after commit).
Pages, the API, the admin and commands call these and nothing else. Refusals are
`ServiceError`s; bad input is a `ValidationError` with messages per field.
"""

from ideas.services.attachments import MAX_ATTACHMENTS, attachment_remove
from ideas.services.comments import comment_create
from ideas.services.drafts import (
    IdeaInput,
    idea_create,
    idea_delete,
    idea_delete_draft,
    idea_edit,
    idea_update,
)
from ideas.services.lifecycle import idea_submit, idea_transition, idea_withdraw
from ideas.services.moderation import comment_hide, idea_hide, idea_unhide
from ideas.services.support import support_add, support_remove
from ideas.services.tags import MAX_TAGS

__all__ = [
    "MAX_ATTACHMENTS",
    "MAX_TAGS",
    "IdeaInput",
    "attachment_remove",
    "comment_create",
    "comment_hide",
    "idea_create",
    "idea_delete",
    "idea_delete_draft",
    "idea_edit",
    "idea_hide",
    "idea_submit",
    "idea_transition",
    "idea_unhide",
    "idea_update",
    "idea_withdraw",
    "support_add",
    "support_remove",
]
