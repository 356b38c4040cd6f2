"""Start-up checks of the infrastructure: the static files' manifest.

With a manifest storage (production's `CompressedManifestStaticFilesStorage`) and DEBUG off,
every `{% static %}` looks its file up in `STATIC_ROOT/staticfiles.json`, which only
`manage.py collectstatic` writes: without it every page would answer 500 ("Missing
staticfiles manifest entry"). So a missing manifest is an error of `check --deploy`, and the
ASGI application refuses to load without it (`require_static_manifest`, from hub.asgi):
the server fails at start, saying what to run, instead of failing every page.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages

MANIFEST_MISSING = "common.E001"


def static_manifest_problem() -> str | None:
    """What is wrong with the static files' manifest, or None (also when none is needed)."""
    storage = storages["staticfiles"]
    if settings.DEBUG or not isinstance(storage, ManifestFilesMixin):
        return None
    path = f"{settings.STATIC_ROOT}/{storage.manifest_name}"
    if storage.read_manifest() is None:
        return (
            f"The static files' manifest {path} is missing: run "
            "`python manage.py collectstatic --noinput` (with these settings) before starting "
            "the server, or every page answers 500. See docs/deployment.md."
        )
    if not storage.load_manifest():
        return f"The static files' manifest {path} lists no files: run collectstatic again."
    return None


@checks.register(checks.Tags.security, deploy=True)
def check_static_manifest(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """`check --deploy`: the manifest must be there (not a check of `collectstatic` itself,
    which writes it, nor of `migrate`, which runs before it in docker-compose.yml)."""
    problem = static_manifest_problem()
    if problem is None:
        return []
    return [checks.Error(problem, id=MANIFEST_MISSING)]


def require_static_manifest() -> None:
    """Refuse to start (ImproperlyConfigured) without the manifest the pages need."""
    problem = static_manifest_problem()
    if problem is not None:
        raise ImproperlyConfigured(problem)
