"""The periodic run: one task that runs the scan and enqueues its next run, never two chains (15.7)."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from thidua.notifications import tasks

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@override_settings(TASKS=DB_TASKS)
def test_the_chain_is_started_once_and_the_tick_queues_its_successor():
    from django_tasks_db.models import DBTaskResult

    assert tasks.schedule_next() is True
    assert tasks.schedule_next() is False  # one tick already waits
    call_command("notifications_run", "--schedule")
    waiting = DBTaskResult.objects.filter(status="READY")
    assert waiting.count() == 1 and waiting.get().task_path.endswith("notifications_tick")
    # the worker runs the tick: it does its run and leaves exactly one successor waiting
    waiting.update(status="SUCCESSFUL")
    assert tasks.notifications_tick.call() == {"created": 0, "emailed": 0}
    later = DBTaskResult.objects.filter(status="READY").get()
    assert later.run_after is not None


def test_the_immediate_backend_of_the_tests_never_loops():
    assert tasks.schedule_next() is False
