"""Forms for the pages, one module per subject. They parse input; the services decide what is
allowed and valid.

Every form renders its fields through `forms/field.html` (label, hint, errors, widget, tied
together with aria-describedby) and lists its errors in `includes/error_summary.html`.
"""

from frontend.forms.accounts import LoginForm, ProfileFieldsForm, ProfileForm, SignupForm
from frontend.forms.base import RENDERER, HubErrorList, HubForm, HubFormRenderer
from frontend.forms.boards import BoardForm, BoardJoinForm, EventChoiceField
from frontend.forms.ideas import (
    ORDERING_CHOICES,
    CommentForm,
    GoalOptionsForm,
    HideForm,
    IdeaFilterForm,
    IdeaForm,
    IdeaListFilterSet,
    MultipleFileField,
    MultipleFileInput,
    SupportForm,
    TransitionForm,
    focus_area_filter_choices,
)

__all__ = [
    "ORDERING_CHOICES",
    "RENDERER",
    "BoardForm",
    "BoardJoinForm",
    "CommentForm",
    "EventChoiceField",
    "GoalOptionsForm",
    "HideForm",
    "HubErrorList",
    "HubForm",
    "HubFormRenderer",
    "IdeaFilterForm",
    "IdeaForm",
    "IdeaListFilterSet",
    "LoginForm",
    "MultipleFileField",
    "MultipleFileInput",
    "ProfileFieldsForm",
    "ProfileForm",
    "SignupForm",
    "SupportForm",
    "TransitionForm",
    "focus_area_filter_choices",
]
