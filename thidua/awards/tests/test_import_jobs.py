"""Issue 13.15: a crashed import job does not stay "saving" forever. Jobs beat while they run; a job
without a beat for THIDUA_IMPORT_STALE_MINUTES is failed with a Vietnamese message and can be run
again (page button, API). Nothing partial is ever stored."""

import datetime

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from thidua.awards.models import AwardRecord, ImportJob, ImportStatus
from thidua.awards.services import importing

from .test_import import row, xlsx

pytestmark = pytest.mark.django_db


def _crashed_job(users, scope, monkeypatch) -> ImportJob:
    """A worker dies while writing: rows half-inserted, then the process is gone."""
    original = importing.write

    def dying(*, clean, job_id):
        original(clean=clean[:1], job_id=job_id)  # some rows reach the table inside the transaction ...
        raise KeyboardInterrupt  # ... and the worker is killed (not an Exception: nothing catches it)

    monkeypatch.setattr(importing, "write", dying)
    with pytest.raises(KeyboardInterrupt), TestCase.captureOnCommitCallbacks(execute=True):
        job = importing.job_create(
            actor=users["board"], scope=scope, name="ds.xlsx", content=xlsx([row(1), row(2), row(3)])
        )
    monkeypatch.setattr(importing, "write", original)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.SAVING and job.heartbeat_at is not None
    assert not AwardRecord.objects.exists(), "the half-written rows were rolled back"
    return job


def _age(job, minutes):
    ImportJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=minutes)
    )


def test_crashed_job_is_failed_by_the_next_worker_and_stores_nothing(seeded, users, ministry, monkeypatch):
    job = _crashed_job(users, ministry, monkeypatch)
    _age(job, 5)
    assert importing.jobs_fail_stale() == 0, "still within THIDUA_IMPORT_STALE_MINUTES (10)"
    _age(job, 11)
    with TestCase.captureOnCommitCallbacks(execute=True):  # a later, unrelated import
        other = importing.job_create(
            actor=users["board"], scope=ministry, name="b.xlsx", content=xlsx([row(9)])
        )
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.is_interrupted and job.can_retry
    assert "bị gián đoạn" in job.errors[0]["message"] and "10 phút" in job.errors[0]["message"]
    assert ImportJob.objects.get(pk=other.pk).status == ImportStatus.DONE
    assert list(AwardRecord.objects.values_list("import_job_id", flat=True)) == [other.pk]


def test_stale_setting_is_read(seeded, users, ministry, monkeypatch, settings):
    settings.THIDUA_IMPORT_STALE_MINUTES = 2
    job = _crashed_job(users, ministry, monkeypatch)
    _age(job, 3)
    assert importing.jobs_fail_stale() == 1
    job.refresh_from_db()
    assert "2 phút" in job.errors[0]["message"]


def test_page_shows_the_stale_job_failed_and_retry_saves_it_whole(
    client, seeded, users, ministry, monkeypatch, django_capture_on_commit_callbacks
):
    job = _crashed_job(users, ministry, monkeypatch)
    _age(job, 30)
    client.force_login(users["board"])
    page = client.get(reverse("awards:import_status", args=[job.pk])).content.decode()
    assert "bị gián đoạn" in page and reverse("awards:import_retry", args=[job.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("awards:import_retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.created_count == 3 and job.attempt == 2
    assert AwardRecord.objects.filter(import_job=job).count() == 3
    page = client.get(reverse("awards:import_status", args=[job.pk])).content.decode()
    assert reverse("awards:import_retry", args=[job.pk]) not in page


def test_api_retry_and_refusals(
    client, seeded, users, ministry, monkeypatch, django_capture_on_commit_callbacks
):
    job = _crashed_job(users, ministry, monkeypatch)
    client.force_login(users["board"])
    url = f"/api/v1/awards/imports/{job.pk}/retry"
    response = client.post(url)
    assert response.status_code == 409 and response.json()["code"] == "import_not_retryable", "not stale yet"
    _age(job, 30)
    assert client.get(f"/api/v1/awards/imports/{job.pk}").json()["can_retry"] is True
    client.force_login(users["officer"])
    assert client.post(url).status_code == 404, "outside the officer's reach"
    client.force_login(users["board"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 202 and response.json()["attempt"] == 2
    assert client.get(f"/api/v1/awards/imports/{job.pk}").json()["status"] == "done"
    assert client.post(url).status_code == 409, "a finished job is not run again"


def test_worker_of_a_job_marked_stale_stops_and_writes_nothing(seeded, users, ministry, monkeypatch):
    """The worker was only slow: the job was failed meanwhile; it notices at its next beat."""
    original = importing._existing_duplicates

    def slow(clean):
        ImportJob.objects.update(heartbeat_at=timezone.now() - datetime.timedelta(hours=1))
        importing.jobs_fail_stale()
        return original(clean)

    monkeypatch.setattr(importing, "_existing_duplicates", slow)
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = importing.job_create(
            actor=users["board"], scope=ministry, name="ds.xlsx", content=xlsx([row(1)])
        )
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.can_retry
    assert not AwardRecord.objects.exists()


def test_a_second_delivery_of_the_task_does_not_run_the_job_again(seeded, users, ministry):
    from thidua.awards.tasks import import_awards

    with TestCase.captureOnCommitCallbacks(execute=True):
        job = importing.job_create(
            actor=users["board"], scope=ministry, name="ds.xlsx", content=xlsx([row(1)])
        )
    import_awards.enqueue(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and AwardRecord.objects.count() == 1
