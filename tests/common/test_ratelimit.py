"""Fixed-window rate limits, and what happens when the cache cannot count."""

from __future__ import annotations

import contextlib
from unittest import mock

import pytest
from django.test import override_settings
from redis.exceptions import ConnectionError as RedisConnectionError

from common import ratelimit
from common.errors import ErrorCode, ServiceError

# A window no test can run across (a fixed window starts again at its end).
DAY = 86_400


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()


@override_settings(RATE_LIMITS={"demo": (3, DAY)})
def test_the_attempt_over_the_limit_is_refused_with_when_to_retry():
    for _n in range(3):
        ratelimit.rate_limit_check(scope="demo", key="k")
    with pytest.raises(ServiceError) as refused:
        ratelimit.rate_limit_check(scope="demo", key="k")
    assert refused.value.code == ErrorCode.RATE_LIMITED
    assert 0 < refused.value.detail["retry_after"] <= DAY
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


# --- Counting around a block (board operations) ---------------------------------------------


@pytest.mark.django_db
@override_settings(RATE_LIMITS={"demo": (1, DAY)})
def test_an_attempt_over_the_limit_undoes_the_block_it_was_counted_around():
    from django.db import transaction

    from hub.models import FocusArea

    with transaction.atomic(), ratelimit.rate_limited(scope="demo", key="k"):
        FocusArea.objects.create(name="Välmående", slug="valmaende")
    with (
        pytest.raises(ServiceError) as refused,
        transaction.atomic(),
        ratelimit.rate_limited(scope="demo", key="k"),
    ):
        FocusArea.objects.create(name="Cirkulär ekonomi", slug="cirkular")
    assert refused.value.code == ErrorCode.RATE_LIMITED
    assert list(FocusArea.objects.values_list("slug", flat=True)) == ["valmaende"]


@override_settings(RATE_LIMITS={"demo": (1, DAY)})
def test_a_block_that_fails_keeps_its_own_error_and_still_counts():
    with pytest.raises(ValueError, match="ogiltig"), ratelimit.rate_limited(scope="demo", key="k"):
        raise ValueError("ogiltig")
    with pytest.raises(ServiceError):
        ratelimit.rate_limit_check(scope="demo", key="k")


@override_settings(RATE_LIMITS={"open": (1, 60), "closed": (1, 60)}, RATE_LIMITS_FAIL_OPEN={"open"})
def test_a_count_lost_on_the_way_back_fails_open_only_where_allowed(caplog):
    def lost_reply(*_args):
        def reply() -> int:
            raise RedisConnectionError("Connection reset by peer")

        return reply

    ran = []
    with mock.patch.object(ratelimit, "_count", side_effect=lost_reply):
        for _n in range(3):
            with ratelimit.rate_limited(scope="open", key="k"):
                ran.append("open")
        with (
            pytest.raises(RedisConnectionError),
            ratelimit.rate_limited(scope="closed", key="k"),
        ):
            ran.append("closed")
    assert ran == ["open", "open", "open", "closed"]  # refused after the block: undo it
    assert "not counted" in caplog.text


def test_every_thread_and_context_counts_through_one_redis_client():
    """Django keeps a cache backend per async context; each would open its own Redis
    connections (one per WebSocket connection under ASGI)."""
    import threading

    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    if not isinstance(caches["default"], RedisCache):
        pytest.skip("the cache is not Redis here (set REDIS_URL)")

    seen = []
    both_running = threading.Barrier(2)

    def count_in_a_thread():
        both_running.wait(5)
        backend = caches["default"]
        seen.append((ratelimit._redis_client(backend), backend))

    threads = [threading.Thread(target=count_in_a_thread) for _n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    (one, first), (other, second) = seen
    assert first is not second
    assert one is other is ratelimit._redis_client(caches["default"])


@override_settings(RATE_LIMITS={"demo": (1, DAY)})
def test_once_over_the_limit_a_key_is_refused_before_its_block_runs():
    ran = []
    with ratelimit.rate_limited(scope="demo", key="k"):
        ran.append(1)
    with pytest.raises(ServiceError), ratelimit.rate_limited(scope="demo", key="k"):
        ran.append(2)  # counted around: runs, then is refused (and undone by the caller)
    with pytest.raises(ServiceError) as refused, ratelimit.rate_limited(scope="demo", key="k"):
        ran.append(3)  # known to be over: refused at once
    assert ran == [1, 2]
    assert refused.value.code == ErrorCode.RATE_LIMITED
    with ratelimit.rate_limited(scope="demo", key="another-key"):
        ran.append(4)
    assert ran == [1, 2, 4]


@override_settings(RATE_LIMITS={"demo": (1, 60)})
def test_the_note_of_keys_over_the_limit_ends_with_their_window():
    with mock.patch.object(ratelimit.time, "time", return_value=6_000.0):
        for _n in range(2):
            with contextlib.suppress(ServiceError), ratelimit.rate_limited(scope="demo", key="w"):
                pass
    with (
        mock.patch.object(ratelimit.time, "time", return_value=6_060.0),  # the next window
        ratelimit.rate_limited(scope="demo", key="w"),
    ):
        pass
