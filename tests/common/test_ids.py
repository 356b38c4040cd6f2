"""Reading whole numbers and ids from outside (common.ids, common.filters.IdFilter)."""

from __future__ import annotations

import django_filters
import pytest

from common.filters import IdFilter
from common.ids import BIGINT_MAX, INT_MAX, IdConverter, lookup_id, parse_id, parse_int
from hub.models import SocietalGoal


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5, 5),
        ("5", 5),
        (" 7 ", 7),
        ("-3", -3),
        (str(INT_MAX), INT_MAX),
        (str(INT_MAX + 1), None),
        (10**23, None),
        ("99999999999999999999999", None),
        ("1e400", None),
        (float("inf"), None),
        (1.0, None),
        ("²", None),
        ("١٢", None),
        ("", None),
        (None, None),
        (True, None),
        ("12abc", None),
    ],
)
def test_parse_int(value, expected):
    assert parse_int(value) == expected


def test_parse_id_takes_bigint_keys_from_one():
    assert parse_id(str(BIGINT_MAX)) == BIGINT_MAX
    assert parse_id(BIGINT_MAX + 1) is None
    assert parse_id(0) is None
    assert parse_id("-1") is None
    assert lookup_id("x") == 0  # no row has id 0: a lookup by it finds nothing


def test_the_path_converter_refuses_what_is_no_id():
    converter = IdConverter()
    assert converter.to_python("42") == 42
    with pytest.raises(ValueError):
        converter.to_python("99999999999999999999")
    with pytest.raises(ValueError):
        converter.to_python("0")


class GoalIds(django_filters.FilterSet):
    focus_area = IdFilter()

    class Meta:
        model = SocietalGoal
        fields: list[str] = []


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["99999999999999999999999", "0", "1e400", "x"])
def test_an_id_filter_refuses_what_is_no_id(value):
    filters = GoalIds({"focus_area": value}, queryset=SocietalGoal.objects.all())
    assert not filters.is_valid()
    assert "focus_area" in filters.errors


@pytest.mark.django_db
def test_an_empty_id_filter_means_any():
    filters = GoalIds({"focus_area": ""}, queryset=SocietalGoal.objects.all())
    assert filters.is_valid()
    assert list(filters.qs) == []
