"""The project's AutoSchema (DEFAULT_SCHEMA_CLASS): every operation documents the errors
any endpoint of its kind can answer, so that each response the API gives matches the
published schema (checked by tests/api/test_schema_properties.py).

An endpoint declares its own errors (`common.api.error_responses`); these are added where
it did not:

- 400 `invalid`/`parse_error` when it takes a body or query parameters;
- 403 for every operation (a bad token, a missing CSRF token, or not allowed);
- 404 when its path names something (`{id}`), which may not exist or not be visible, and
  for a page past the end of a list;
- 413 and 415 when it takes a body (too large, or a content type it does not read).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi

from common.api import error_responses

BODY_METHODS = {"POST", "PUT", "PATCH"}


class AutoSchema(openapi.AutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> Any:
        responses = super()._get_response_bodies(direction)
        for code, response in error_responses(*self._implied_errors()).items():
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(
                    response, str(code), direction=direction
                )
        return dict(sorted(responses.items()))

    def _implied_errors(self) -> list[int]:
        takes_body = self.method in BODY_METHODS
        parameters = self._get_parameters()
        codes = [403]
        if takes_body or any(parameter["in"] == "query" for parameter in parameters):
            codes.append(400)
        paginated = any(parameter["name"] == "page" for parameter in parameters)
        if paginated or any(parameter["in"] == "path" for parameter in parameters):
            codes.append(404)
        if takes_body:
            codes += [413, 415]
        return codes
