"""Background work: the Excel import runs as a task (database backend; immediate in tests)."""

from django_tasks import task

from .models import ImportJob
from .services import importing


@task()
def import_awards(job_id: int) -> int:
    """Run one import; first mark failed the jobs a crashed worker left running (no heartbeat)."""
    importing.jobs_fail_stale()
    job = ImportJob.objects.select_related("scope").get(pk=job_id)
    return importing.run(job=job).created_count
