"""The ASGI entry point: the thread switch interval, and the start-up heap left out of GC."""

import os
import subprocess
import sys

import pytest

PROBE = "import hub.asgi, sys; print(sys.getswitchinterval())"


def run_probe(**env: str) -> float:
    environment = {k: v for k, v in os.environ.items() if k != "GIL_SWITCH_INTERVAL"}
    environment.update(DJANGO_SETTINGS_MODULE="hub.settings.test", **env)
    done = subprocess.run(  # noqa: S603 - our own interpreter and a fixed program
        [sys.executable, "-c", PROBE], env=environment, capture_output=True, text=True, check=True
    )
    return float(done.stdout.strip())


def test_the_server_takes_shorter_turns_between_threads_by_default():
    assert run_probe() == pytest.approx(0.0005)


def test_the_switch_interval_can_be_set_or_left_to_python():
    assert run_probe(GIL_SWITCH_INTERVAL="0.002") == pytest.approx(0.002)
    assert run_probe(GIL_SWITCH_INTERVAL="0") == pytest.approx(0.005)  # Python's own default


def test_what_was_loaded_at_start_up_is_left_out_of_garbage_collection():
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "hub.settings.test"}
    probe = "import gc, hub.asgi; print(gc.get_freeze_count())"
    done = subprocess.run(  # noqa: S603 - our own interpreter and a fixed program
        [sys.executable, "-c", probe], env=environment, capture_output=True, text=True, check=True
    )
    assert int(done.stdout.strip()) > 10_000  # Django, the apps, the URL and ASGI stacks
