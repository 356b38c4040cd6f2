"""Production settings: Django's deployment checklist passes after collectstatic; a missing
or development secret, ALLOWED_HOSTS='*' and a missing static manifest stop it.

Each test starts `manage.py` in a fresh process, because production settings are read once
at start-up and refuse to load without a proper SECRET_KEY.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

MANAGE = Path(settings.BASE_DIR) / "manage.py"


def production_env(tmp_path: Path, **overrides: str | None) -> dict[str, str]:
    """The environment a production host would give the hub (see README, Configuration)."""
    env = {key: value for key, value in os.environ.items() if key != "DEBUG"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "hub.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "samhallshubben.example.se",
            "EMAIL_HOST": "smtp.example.se",
            "DEFAULT_FROM_EMAIL": "samhallshubben@example.se",
            "HUB_DATA_DIR": str(tmp_path / "data"),
            "STATIC_ROOT": str(tmp_path / "static"),
            "MEDIA_ROOT": str(tmp_path / "media"),
        }
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, str(MANAGE), *args],
        env=env,
        cwd=MANAGE.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_secret_key_used_here_is_long_enough(tmp_path):
    assert len(production_env(tmp_path)["SECRET_KEY"]) >= 60


def test_deploy_check_reports_no_issues_after_collectstatic(tmp_path):
    env = production_env(tmp_path)
    collected = manage(env, "collectstatic", "--noinput")  # as docker-compose.yml's migrate job
    assert collected.returncode == 0, collected.stderr + collected.stdout
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_deploy_check_fails_without_the_static_manifest(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy")

    assert result.returncode != 0
    assert "common.E001" in result.stderr and "collectstatic" in result.stderr


def test_the_server_refuses_to_start_without_the_static_manifest(tmp_path):
    env = production_env(tmp_path)
    code = "import hub.asgi"  # what daphne hub.asgi:application does first
    result = subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-c", code],
        env=env,
        cwd=MANAGE.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "collectstatic" in result.stderr


def test_collectstatic_itself_runs_without_the_manifest(tmp_path):
    """The check must not stop the command that writes the manifest, nor migrate."""
    env = production_env(tmp_path)
    assert manage(env, "check").returncode == 0


@pytest.mark.parametrize("hosts", ["*", "samhallshubben.example.se,*"])
def test_production_refuses_a_wildcard_allowed_hosts(tmp_path, hosts):
    result = manage(production_env(tmp_path, ALLOWED_HOSTS=hosts), "check")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "ALLOWED_HOSTS" in result.stderr


def test_production_refuses_a_django_insecure_key_of_any_length(tmp_path):
    key = "django-insecure-" + secrets.token_urlsafe(64)
    result = manage(production_env(tmp_path, SECRET_KEY=key), "check")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "django-insecure" in result.stderr


@pytest.mark.parametrize(
    "secret_key",
    [None, "", "too-short-to-be-a-real-secret"],
    ids=["missing", "empty", "short"],
)
def test_production_refuses_to_start_without_a_proper_secret_key(tmp_path, secret_key):
    result = manage(production_env(tmp_path, SECRET_KEY=secret_key), "check")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr
