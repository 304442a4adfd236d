"""Issue 13.5 for the commendation import: checked on arrival, bounded before calamine, parsed
outside any transaction, and only validated rows written in one."""

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from thidua.awards.models import AwardRecord, ImportJob, ImportStatus
from thidua.awards.services import importing
from thidua.core.tests.test_uploads import zip_bomb_xlsx

from .test_import import row, run, xlsx

pytestmark = pytest.mark.django_db


def test_zip_bomb_is_refused_on_arrival_at_http_level(client, seeded, users, ministry):
    client.force_login(users["board"])
    bomb = zip_bomb_xlsx(100)
    started = time.perf_counter()
    response = client.post(
        reverse("awards:import_upload"),
        {"scope": ministry.pk, "file": SimpleUploadedFile("ds.xlsx", bomb)},
        follow=True,
    )
    assert time.perf_counter() - started < 3
    page = response.content.decode()
    assert "Không nhận tệp" in page and ("vượt mức cho phép" in page or "bom nén" in page)
    assert not ImportJob.objects.exists() and not AwardRecord.objects.exists()


def test_renamed_html_is_refused_on_arrival(client, seeded, users, ministry):
    client.force_login(users["board"])
    response = client.post(
        reverse("awards:import_upload"),
        {
            "scope": ministry.pk,
            "file": SimpleUploadedFile("ds.xlsx", b"<html><script>alert(1)</script></html>"),
        },
        follow=True,
    )
    assert "không thuộc định dạng" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_far_cell_is_refused_before_calamine_allocates_it(seeded, users, ministry):
    """A1 and XFD1048576 in a 5 KB file: calamine would allocate 17 billion cells (and abort)."""
    data = xlsx([row(1)])
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(
                    b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
                )
            target.writestr(item, content)
    started = time.perf_counter()
    job = run(users, buffer.getvalue(), scope=ministry)
    assert time.perf_counter() - started < 5
    assert job.status == ImportStatus.FAILED and "vượt giới hạn" in job.errors[0]["message"]
    assert not AwardRecord.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_import_parse_holds_no_transaction(client, seeded, users, ministry, monkeypatch):
    seen: list[bool] = []
    original = importing.read_rows

    def watched(*, content):
        seen.append(connection.in_atomic_block)
        return original(content=content)

    monkeypatch.setattr(importing, "read_rows", watched)
    client.force_login(users["board"])
    client.post(
        reverse("awards:import_upload"),
        {"scope": ministry.pk, "file": SimpleUploadedFile("ds.xlsx", xlsx([row(1), row(2)]))},
    )
    assert seen == [False]
    assert ImportJob.objects.get().status == ImportStatus.DONE and AwardRecord.objects.count() == 2


def test_size_is_checked_once_in_the_service_before_the_file_is_read(
    client, seeded, users, ministry, settings
):
    """Issue 14.7: no size check of its own in the view; the service refuses, naming the limit."""
    settings.THIDUA_MAX_UPLOAD_BYTES = 2048
    client.force_login(users["board"])
    response = client.post(
        reverse("awards:import_upload"),
        {"scope": ministry.pk, "file": SimpleUploadedFile("ds.xlsx", xlsx([row(i) for i in range(1, 60)]))},
        follow=True,
    )
    assert "vượt mức cho phép 2 KB" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_task_is_enqueued_on_commit_only(seeded, users, ministry, monkeypatch):
    """Issue 14.7: a job whose transaction rolls back never runs (and leaves no row)."""
    from django.db import transaction
    from django.test import TestCase

    ran: list[int] = []

    def run(*, job):
        ran.append(job.pk)
        return job

    monkeypatch.setattr(importing, "run", run)
    with TestCase.captureOnCommitCallbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        importing.job_create(actor=users["board"], scope=ministry, name="ds.xlsx", content=xlsx([row(1)]))
        raise RuntimeError("rolled back")
    assert ran == [] and not ImportJob.objects.exists()
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = importing.job_create(
            actor=users["board"], scope=ministry, name="ds.xlsx", content=xlsx([row(1)])
        )
        assert ran == []
    assert ran == [job.pk]
