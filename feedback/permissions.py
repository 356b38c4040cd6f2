"""Who may do what with feedback (named `rules` predicates; see tests/feedback).

An event's organisers (and facilitators, administrators) set its feedback up and add
questions, and read everything it gathered: the figures, the free texts and the CSV.
Signed-in people see the figures of an event once enough have answered that no single
answer shows through (`MIN_SHOWN`); free texts stay with those who run the event. Who may
answer is the service's rule (a participant, or a guest with a proof: `services/responses.py`).
"""

from __future__ import annotations

import rules

from events.permissions import can_edit_event
from hub.permissions import can_moderate, is_authenticated

# Fewer answers than this and the figures would tell what each person said.
MIN_SHOWN = 3

can_manage_feedback = can_edit_event
can_see_feedback_figures = is_authenticated
can_see_feedback_texts = can_edit_event
# Across a series or a year: the figures only, for signed-in people; the CSV for
# facilitators and administrators.
can_see_overview = is_authenticated
can_export_overview = can_moderate

rules.add_perm("feedback.change_feedbackform", can_manage_feedback)
rules.add_perm("feedback.view_response", can_see_feedback_texts)
