"""Two app hosts (gunicorn on two ports) on one PostgreSQL database, plus task workers: whatever is
written through one host is seen through the other at once — sessions, cached pages (the data
version), logout — and a task enqueued through one host runs exactly once."""

import re
import time

import httpx
import pytest

from .servers import csrf_token, is_postgres, login, logout

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def hosts(deployment):
    if not is_postgres():
        pytest.skip("two hosts share one PostgreSQL database (DATABASE_URL=postgres://…)")
    deployment.create_superuser("quantri.haimay")
    first, second = deployment.gunicorn(), deployment.gunicorn()
    return deployment, first, second


def _query(deployment, sql, params=()):
    import psycopg

    with psycopg.connect(deployment.url) as conn:
        return conn.execute(sql, params).fetchall()


def _unit_add(client, base, code, name):
    form = client.get(f"{base}/admin/organisation/unit/add/").text
    data = {
        "csrfmiddlewaretoken": csrf_token(client),
        "name": name,
        "short_name": name,
        "code": code,
        "kind": "provincial_police",
        "parent": "",
        "active_from": "",
        "active_to": "",
    }
    for field in re.findall(r'name="([\w-]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)"', form):
        data[field] = "0" if field.endswith(("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS")) else "1000"
    return client.post(f"{base}/admin/organisation/unit/add/", data=data)


def test_a_write_on_one_host_is_seen_on_the_other_at_once(hosts):
    deployment, first, second = hosts
    with httpx.Client(timeout=60) as client:
        assert login(client, first, "quantri.haimay").status_code == 302
        # the session made on the first host works on the second straight away
        seen = []
        for _ in range(3):  # the first answer sets the CSRF cookie, the next is stored, then reused
            units = client.get(f"{second}/to-chuc/don-vi/")
            assert units.status_code == 200
            seen.append(units.headers.get("X-Page-Cache"))
        assert seen[-1] == "hit", seen  # the second host keeps the page in its memory

        # a unit added through the first host's admin is on the second host's cached page at once
        added = _unit_add(client, first, "HAI-MAY-1", "Công an tỉnh Hai Máy")
        assert added.status_code == 302, added.text[:3000]
        fresh = client.get(f"{second}/to-chuc/don-vi/")
        assert fresh.headers.get("X-Page-Cache") != "hit"
        assert "Công an tỉnh Hai Máy" in fresh.text

        stolen = client.cookies["sessionid"]
        assert logout(client, second).status_code == 302  # log out on the second host this time
    with httpx.Client(timeout=60) as replay:
        replay.cookies.set("sessionid", stolen)
        for base in (first, second):
            assert replay.get(f"{base}/to-chuc/don-vi/").status_code == 302, base


def test_a_task_enqueued_on_one_host_runs_once_with_a_worker_per_host(hosts):
    deployment, first, second = hosts
    for _ in range(2):  # one worker beside each host, both polling the same queue
        deployment.start(
            [deployment.python, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"], "worker"
        )
    with httpx.Client(timeout=60) as client:
        assert login(client, second, "quantri.haimay").status_code == 302
        if not _query(deployment, "SELECT id FROM organisation_unit WHERE code = 'HAI-MAY-2'"):
            assert _unit_add(client, second, "HAI-MAY-2", "Công an tỉnh Nhập Excel").status_code == 302
        (scope,) = _query(deployment, "SELECT id FROM organisation_unit WHERE code = 'HAI-MAY-2'")[0]
        template = client.get(f"{first}/khen-thuong/mau-nhap.xlsx")
        assert template.status_code == 200
        before = _query(deployment, "SELECT count(*) FROM django_tasks_database_dbtaskresult")[0][0]
        upload = client.post(
            f"{first}/khen-thuong/nhap-excel/",
            data={"csrfmiddlewaretoken": csrf_token(client), "scope": str(scope)},
            files={"file": ("mau-nhap.xlsx", template.content)},
        )
        assert upload.status_code == 302 and "/nhap-excel/" in upload.headers["Location"], upload.text[:2000]
        job_id = int(re.search(r"/nhap-excel/(\d+)/", upload.headers["Location"]).group(1))

        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            rows = _query(deployment, "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult")
            if len(rows) > before and all(status in {"SUCCESSFUL", "FAILED"} for status, _ in rows):
                break
            time.sleep(0.5)
        time.sleep(2)  # give a second run, if there were one, the time to show
        rows = _query(
            deployment,
            "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult ORDER BY enqueued_at",
        )
        assert len(rows) == before + 1
        status, workers = rows[-1]
        assert status == "SUCCESSFUL" and len(workers) == 1  # claimed by one worker, once
        (job_status, attempt) = _query(
            deployment, "SELECT status, attempt FROM awards_importjob WHERE id = %s", (job_id,)
        )[0]
        assert attempt == 1 and job_status in {"done", "failed"}
        # the second host shows the job's outcome at once
        page = client.get(f"{second}/khen-thuong/nhap-excel/{job_id}/")
        assert page.status_code == 200
