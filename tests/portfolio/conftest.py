"""Portfolios start where assessment ends: these tests use the small partnership of the
assessment tests (`tests.assessment.conftest.World`), whose rounds promote submissions."""

from __future__ import annotations

from tests.assessment.conftest import published, world

__all__ = ["published", "world"]  # fixtures, shared with the assessment tests
