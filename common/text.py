"""One rule for every text a person writes, on every edge (forms, the API, the board socket).

Refused: NUL and the other control characters (C0 and C1, DEL) but tab, newline and carriage
return (browsers send a textarea's line breaks as CR LF), and lone surrogates (JSON's
"\\ud800"), which no database can store. PostgreSQL refuses NUL in text outright, so a NUL
that got through would be an error path, and a control character that is stored is
broadcast to everyone who reads the text.

Forms (`frontend.forms.base.HubForm`), the API's text field (`common.api.CharField`) and the
board operations' inputs all call `validate_text` (or `text_problem`); tests keep it so.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
CODE = "control_character"
MESSAGE = _(
    "Texten får inte innehålla styrtecken (till exempel NUL). Radbrytningar och tabbar går bra."
)


def text_problem(value: str) -> str | None:
    """Why `value` is refused, or None when it may be stored."""
    return str(MESSAGE) if REFUSED.search(value) else None


def validate_text(value: object) -> None:
    """A validator for form and serializer fields: refuses what `text_problem` refuses."""
    if isinstance(value, str) and REFUSED.search(value):
        raise ValidationError(MESSAGE, code=CODE)
