"""The background tasks of the web import (django-tasks; run by ``teenlab worker``).

Each takes the upload's id and calls :mod:`teenlab.datapackage.uploads`, which does the work and
records its outcome on the upload: a task never raises for a bad package.
"""

import datetime as dt

from django.utils import timezone
from django_tasks import default_task_backend, task

from teenlab.datapackage import uploads
from teenlab.datapackage.models import Upload


@task()
def upload_check(*, upload_id: int) -> None:
    uploads.upload_check(upload_id=upload_id)


@task()
def upload_load(*, upload_id: int, replace: bool) -> None:
    uploads.upload_load(upload_id=upload_id, replace=replace)


@task()
def uploads_expire() -> None:
    uploads.uploads_prune()


def upload_expire_later(*, upload: Upload) -> None:
    """Queue the sweep that deletes ``upload`` once its hour is over, if it is still there.

    Backends that cannot defer a task (the immediate one of the tests) rely on the sweep that
    each upload runs."""
    if default_task_backend.supports_defer:
        run_after = upload.created_at + dt.timedelta(seconds=uploads.KEEP_SECONDS + 1)
        uploads_expire.using(run_after=max(run_after, timezone.now())).enqueue()
