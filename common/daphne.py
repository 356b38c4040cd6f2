"""Daphne's HTTP requests leave their bodies to Django.

Daphne's request class is Twisted's, which parses every `multipart/form-data` POST body
itself (into `request.args`, which Daphne never reads) before handing it to the
application, and answers a body it cannot parse with a bare `400 Bad Request`: no body, no
headers, and Django never sees it. A body of only the closing boundary is such a one.
Turned off, Django parses the body once, as under any other server, and the API answers
with its error shape. It also saves parsing every upload twice.
"""

from __future__ import annotations

from typing import Any


def leave_bodies_to_django() -> None:
    """Make Daphne's requests skip Twisted's own form parsing (idempotent)."""
    try:
        from daphne.http_protocol import WebRequest
    except ImportError:  # served by another ASGI server
        return
    if getattr(WebRequest, "_hub_leaves_bodies_to_django", False):
        return
    original = WebRequest.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("parsePOSTFormSubmission", False)
        original(self, *args, **kwargs)

    WebRequest.__init__ = init
    WebRequest._hub_leaves_bodies_to_django = True
