"""Every change in assessment happens in this package, one module per subject:

- `configuration`: criteria and each focus area's decision rule (the admin);
- `rounds`: set up, open and close a round;
- `scoring`: an assessor's scores, saved as they go and submitted;
- `conflicts`: conflicts of interest declared during a round;
- `decisions`: the parties' votes and the decisions they give.

Each function checks permission, validates and writes in one transaction. Pages, the API,
the admin and commands call these and nothing else. Refusals are `AssessmentError`s (a
`ServiceError` with a reason); bad input is a `ValidationError` with messages per field.
Where the viewer may not know a round exists, the answer is NOT_FOUND.

People hear of a change through notifications (`hub.services.notify`, pushed to their open
pages after commit); they carry names, counts and dates, never a score or a rationale.
"""

from assessment.services.configuration import (
    assessment_settings_update,
    criterion_save,
    decision_rule_for,
)
from assessment.services.conflicts import conflict_declare
from assessment.services.decisions import decision_record, item_tally, vote_cast
from assessment.services.rounds import (
    ASSESSABLE_STATUSES,
    MAX_ITEMS_PER_ROUND,
    RoundInput,
    round_close,
    round_create,
    round_open,
    round_update,
)
from assessment.services.scoring import ScoreInput, assessment_submit, score_save, scores_save

__all__ = [
    "ASSESSABLE_STATUSES",
    "MAX_ITEMS_PER_ROUND",
    "RoundInput",
    "ScoreInput",
    "assessment_settings_update",
    "assessment_submit",
    "conflict_declare",
    "criterion_save",
    "decision_record",
    "decision_rule_for",
    "item_tally",
    "round_close",
    "round_create",
    "round_open",
    "round_update",
    "score_save",
    "scores_save",
    "vote_cast",
]
