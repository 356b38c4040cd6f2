"""Every change to feedback goes through these functions (docs/architecture.md)."""

from feedback.services.invitations import feedback_invitations_send
from feedback.services.respondents import (
    Respondent,
    link_holder,
    new_browser_key,
    respondent_for,
    respondent_or_none,
)
from feedback.services.responses import ResponseInput, answer_refusal, form_for, response_submit
from feedback.services.setup import (
    FormInput,
    QuestionInput,
    feedback_form_set,
    question_add,
    question_remove,
)

__all__ = [
    "FormInput",
    "QuestionInput",
    "Respondent",
    "ResponseInput",
    "answer_refusal",
    "feedback_form_set",
    "feedback_invitations_send",
    "form_for",
    "link_holder",
    "new_browser_key",
    "question_add",
    "question_remove",
    "respondent_for",
    "respondent_or_none",
    "response_submit",
]
