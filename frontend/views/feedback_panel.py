"""What an event's page (and a board in it) shows about feedback: whether it is open and
whether this visitor can answer, the link and QR code for those who may pass them on, and –
once the event is over – the results, for its looking back."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from events.models import Event
from feedback import permissions
from feedback.selectors import feedback_form_of, feedback_results, feedback_state
from feedback.services import answer_refusal
from frontend.views.feedback import event_link, event_link_path, may_share_link, respondent_of


def feedback_panel(request: Any, event: Event, *, with_results: bool = True) -> dict[str, Any]:
    form = feedback_form_of(event=event)
    state = feedback_state(form)
    user = request.user
    context: dict[str, Any] = {
        "feedback": form,
        "feedback_state": state,
        "can_manage_feedback": bool(permissions.can_manage_feedback(user, event)),
        "feedback_refusal": None,
        "feedback_link": "",
        "feedback_results": None,
    }
    if form is None:
        return context
    if state == "open":
        context["feedback_refusal"] = answer_refusal(
            form=form, respondent=respondent_of(request, event)
        )
    if state != "closed" and may_share_link(request, event):
        context["feedback_link"] = event_link(event)
        context["feedback_link_path"] = event_link_path(event)
    if with_results and timezone.now() >= event.ends_at and user.is_authenticated:
        context["feedback_results"] = feedback_results(event=event, viewer=user)
    return context
