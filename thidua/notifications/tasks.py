"""The periodic run (issue 15.7): a task that does one run and enqueues its next run itself.

`manage.py notifications_run --schedule` enqueues the first one (make demo does; in production once
after deploy, or from cron). A tick re-enqueues itself only when no other tick waits, so the chain
stays single even after a restart; were two to run at once anyway, the unique keys keep every
notification single.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import default_task_backend, task

from . import services


def interval() -> datetime.timedelta:
    return datetime.timedelta(minutes=int(getattr(settings, "THIDUA_NOTIFY_INTERVAL_MINUTES", 60)))


def schedule_next(*, after: datetime.timedelta | None = None) -> bool:
    """Enqueue the next tick unless one already waits; False when the backend cannot defer (tests)."""
    if not default_task_backend.supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult

    path = f"{notifications_tick.func.__module__}.{notifications_tick.func.__qualname__}"
    if DBTaskResult.objects.filter(task_path=path, status="READY").exists():
        return False
    notifications_tick.using(run_after=timezone.now() + (interval() if after is None else after)).enqueue()
    return True


@task()
def notifications_tick() -> dict[str, int]:
    try:
        return services.notifications_run()
    finally:
        schedule_next()
