"""Idea boards' pages, one module per subject:

- `pages`: the list of boards, a new board, joining one with its code;
- `board`: the live board, rendered from the viewer's snapshot (board.js keeps it live);
- `actions`: the board's forms without JavaScript, as the same operations.

Reads go through `boards.selectors`, changes through `boards.services`. A refusal propagates
to `frontend.middleware.ServiceErrorMiddleware`, which answers with the error page, except
where it belongs beside what the person did: on the form (`form_errors`), or on the board
for its own refusals (locked, wrong phase…).
"""

from frontend.views.boards.actions import board_action_view
from frontend.views.boards.board import board_detail_page
from frontend.views.boards.pages import board_create_view, board_join_page, board_list_page

__all__ = [
    "board_action_view",
    "board_create_view",
    "board_detail_page",
    "board_join_page",
    "board_list_page",
]
