"""The ASGI entry point: the interpreter's thread switch interval (GIL_SWITCH_INTERVAL)."""

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
