"""Background work of the privacy app: building exports, and removing them after a week."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task

from common.periodic import periodic
from privacy.services import export_build, exports_expire


@task()
def data_export_build(export_id: int) -> None:
    export_build(export_id=export_id)


@periodic(every=timedelta(hours=1))
@task()
def data_exports_expire() -> None:
    exports_expire()
