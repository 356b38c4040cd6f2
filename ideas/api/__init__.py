"""The REST API of submissions (ideas, initiatives, research ideas, needs), their comments
and support, one module per subject:

- `submissions`: list (filtered by `ideas.filters.IdeaFilterSet`), create, edit, history,
  status changes and attachments;
- `comments`: threads and replies;
- `support`: how people want to contribute;
- `moderation`: hiding submissions and comments;
- `common`: the enum fields and the two rules that shape every output.

Each view reads through `ideas.selectors`, writes through `ideas.services` and translates;
who may do what is decided there, never here. Two rules shape the output: the author's
name is shown only with their consent (or to themselves and moderators), and moderation
details only to the author and moderators.
"""

from ideas.api.comments import CommentListCreateApi
from ideas.api.moderation import CommentHideApi, IdeaHideApi, IdeaUnhideApi
from ideas.api.submissions import (
    AttachmentApi,
    IdeaDetailApi,
    IdeaHistoryApi,
    IdeaListCreateApi,
    IdeaMineApi,
    IdeaTransitionApi,
)
from ideas.api.support import SupportApi, SupportDeleteApi

__all__ = [
    "AttachmentApi",
    "CommentHideApi",
    "CommentListCreateApi",
    "IdeaDetailApi",
    "IdeaHideApi",
    "IdeaHistoryApi",
    "IdeaListCreateApi",
    "IdeaMineApi",
    "IdeaTransitionApi",
    "IdeaUnhideApi",
    "SupportApi",
    "SupportDeleteApi",
]
