"""Fixed-window rate limits, and what happens when the cache cannot count."""

from __future__ import annotations

from unittest import mock

import pytest
from django.test import override_settings
from redis.exceptions import ConnectionError as RedisConnectionError

from hub import ratelimit
from hub.errors import ErrorCode, ServiceError


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()


@override_settings(RATE_LIMITS={"demo": (3, 60)})
def test_the_attempt_over_the_limit_is_refused_with_when_to_retry():
    for _n in range(3):
        ratelimit.rate_limit_check(scope="demo", key="k")
    with pytest.raises(ServiceError) as refused:
        ratelimit.rate_limit_check(scope="demo", key="k")
    assert refused.value.code == ErrorCode.RATE_LIMITED
    assert 0 < refused.value.detail["retry_after"] <= 60
    ratelimit.rate_limit_check(scope="demo", key="another-key")  # counted apart


@override_settings(RATE_LIMITS={"demo": (0, 60)})
def test_a_zero_limit_means_no_limit():
    for _n in range(10):
        ratelimit.rate_limit_check(scope="demo", key="k")


def unreachable_cache():
    return mock.patch.object(
        ratelimit, "_count", side_effect=RedisConnectionError("Connection refused")
    )


@override_settings(RATE_LIMITS={"demo": (2, 3600)})
def test_the_counter_lives_as_long_as_its_window():
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    for _n in range(2):
        ratelimit.rate_limit_check(scope="demo", key="ttl")
    with pytest.raises(ServiceError):
        ratelimit.rate_limit_check(scope="demo", key="ttl")
    backend = caches["default"]
    key = f"rl:demo:ttl:{int(ratelimit.time.time() // 3600)}"
    assert backend.get(key) == 3  # what the cache API reads, whichever way it was counted
    if isinstance(backend, RedisCache):
        stored = backend.make_and_validate_key(key)
        assert 3590 < backend._cache.get_client(stored).ttl(stored) <= 3601


@override_settings(RATE_LIMITS={"open": (1, 60), "closed": (1, 60)}, RATE_LIMITS_FAIL_OPEN={"open"})
def test_without_the_cache_fail_open_scopes_let_attempts_through_and_others_fail(caplog):
    with unreachable_cache():
        for _n in range(3):
            ratelimit.rate_limit_check(scope="open", key="k")
        with pytest.raises(RedisConnectionError):
            ratelimit.rate_limit_check(scope="closed", key="k")
    assert "not counted" in caplog.text


def test_board_operations_fail_open_and_sign_in_does_not():
    from django.conf import settings

    assert "board_op" in settings.RATE_LIMITS_FAIL_OPEN
    assert not {"login", "signup", "board_join"} & settings.RATE_LIMITS_FAIL_OPEN
