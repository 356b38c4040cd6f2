"""Pages for Core Team assessment, one module per subject:

- `rounds`: the list of rounds, setting one up, its page, opening and closing it;
- `sheet`: the assessor's own sheet with autosave, conflicts of interest, handing in;
- `results`: results with their charts (`charts`), exports and every counted score;
- `decisions`: the parties' votes, the decisions, and promoted submissions into the
  portfolio.

Every read goes through `assessment.selectors` and every change through
`assessment.services`; who may see and do what (blind scoring above all) is decided there.
These views translate: form fields in, bad input back onto the page. A refusal propagates to
`frontend.middleware.ServiceErrorMiddleware`, which answers with the error page, except on
an item's decision page, which says it in place (`decisions.refused_in_place`).
"""

from frontend.views.assessment.decisions import (
    decision_view,
    decisions_page,
    idea_decision_page,
    initiative_create_view,
    item_decision_page,
    vote_view,
)
from frontend.views.assessment.results import results_export, results_page, scores_page
from frontend.views.assessment.rounds import (
    idea_options,
    round_close_view,
    round_create_page,
    round_detail_page,
    round_edit_page,
    round_list_page,
    round_open_view,
)
from frontend.views.assessment.sheet import (
    assessment_submit_view,
    conflict_declare_view,
    score_save_view,
    sheet_page,
)

__all__ = [
    "assessment_submit_view",
    "conflict_declare_view",
    "decision_view",
    "decisions_page",
    "idea_decision_page",
    "idea_options",
    "initiative_create_view",
    "item_decision_page",
    "results_export",
    "results_page",
    "round_close_view",
    "round_create_page",
    "round_detail_page",
    "round_edit_page",
    "round_list_page",
    "round_open_view",
    "score_save_view",
    "scores_page",
    "sheet_page",
    "vote_view",
]
