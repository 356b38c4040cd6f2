from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from tests.factories import UserFactory


@pytest.fixture
def reader(db: Any) -> Any:
    return UserFactory(display_name="Rut", email_verified_at=timezone.now(), language="sv")


@pytest.fixture
def english_reader(db: Any) -> Any:
    return UserFactory(display_name="Eve", email_verified_at=timezone.now(), language="en")
