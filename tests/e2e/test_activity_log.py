"""Activity log (13.18): logins (and failures), downloads, exports and refused requests are recorded
with user, unit, action, object, time and client address; voting is never recorded."""

import io
import re
from datetime import timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from thidua.audit.models import Activity, ActivityEntry
from thidua.conferences.tests.factories import AttendeeFactory, ConferenceFactory
from thidua.core import dataversion
from thidua.emulation.models import Evidence
from thidua.emulation.tests.factories import make_covenant, make_periods, make_registration
from thidua.voting import services as voting
from thidua.voting.models import BallotKind, VoterCode
from thidua.voting.tests.factories import codes_of

pytestmark = pytest.mark.django_db
PROXY = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
PDF = b"%PDF-1.4\n%%EOF"


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings):
    settings.THIDUA_TRUSTED_PROXY_COUNT = 1


def _login(client, user, password="matkhau-thu-nghiem"):
    return client.post(reverse("accounts:login"), {"username": user.username, "password": password}, **PROXY)


def test_logins_and_failed_logins_are_recorded_with_unit_and_client_address(client, users):
    officer = users["officer"]
    assert _login(client, officer, "sai").status_code == 200
    assert _login(client, officer).status_code == 302
    failed = ActivityEntry.objects.get(action=Activity.LOGIN_FAILED)
    assert failed.username == officer.username and failed.client_ip == "203.0.113.9" and failed.user is None
    login = ActivityEntry.objects.get(action=Activity.LOGIN)
    assert login.user == officer and login.unit == "CA Tiền Giang" and login.client_ip == "203.0.113.9"
    client.post(reverse("accounts:logout"), **PROXY)
    assert ActivityEntry.objects.filter(action=Activity.LOGOUT, user=officer).count() == 1


def test_the_lockout_is_recorded(client, users):
    for _ in range(6):
        _login(client, users["officer"], "sai")
    assert ActivityEntry.objects.filter(action=Activity.LOGIN_FAILED).count() == 4
    assert ActivityEntry.objects.filter(action=Activity.LOGIN_LOCKED).count() == 2


def test_an_evidence_download_and_a_refused_one_are_recorded(client, users, term, ministry, provinces):
    covenant = make_covenant(term)
    registration = make_registration(term, provinces[1], covenant)
    periods = make_periods(ministry, 2024)
    client.force_login(users["officer"])
    targets = list(registration.targets.all())
    client.post(
        reverse("emulation:report_save", args=[term.pk, provinces[1].pk, periods["q1"].pk]),
        {f"value_{t.pk}": "1" for t in targets},
    )
    client.post(
        reverse("emulation:evidence_upload", args=[term.pk, provinces[1].pk, periods["q1"].pk]),
        {"file": SimpleUploadedFile("bien-ban.pdf", PDF), "description": "Biên bản"},
    )
    evidence = Evidence.objects.get()
    url = reverse("emulation:evidence_download", args=[evidence.pk])
    assert client.get(url, **PROXY).status_code == 200
    entry = ActivityEntry.objects.get(action=Activity.DOWNLOAD)
    assert entry.user == users["officer"] and entry.client_ip == "203.0.113.9"
    assert f"emulation:evidence_download evidence_id={evidence.pk}" in entry.target
    assert "bien-ban.pdf" in entry.target and entry.path == url

    client.force_login(users["foreign_officer"])
    assert client.get(url, **PROXY).status_code == 404
    refused = ActivityEntry.objects.get(action=Activity.REFUSED)
    assert refused.user == users["foreign_officer"] and refused.unit == "CA Hà Tĩnh" and refused.status == 404


def test_an_export_and_a_403_are_recorded(client, users, term):
    client.force_login(users["officer"])
    assert client.get(reverse("audit:index"), **PROXY).status_code == 403
    refused = ActivityEntry.objects.get(action=Activity.REFUSED)
    assert refused.target == "audit:index" and refused.status == 403 and refused.user == users["officer"]
    client.force_login(users["admin"])
    assert client.get(reverse("audit:index") + "?format=xlsx", **PROXY).status_code == 200
    export = ActivityEntry.objects.get(action=Activity.EXPORT)
    assert export.user == users["admin"] and "nhat-ky-" in export.target


def _vote_setup(term, provinces, users):
    conference = ConferenceFactory(term=term, host=term.memberships.first().unit)
    for unit in provinces:
        AttendeeFactory(conference=conference, unit=unit, name=f"Đại biểu {unit.short_name}")
    ballot = voting.ballot_create(
        actor=users["cluster_staff"], conference=conference, kind=BallotKind.YES_NO, title="Biểu quyết"
    )
    return voting.ballot_open(actor=users["cluster_staff"], ballot=ballot)


def test_voting_is_never_recorded(client, users, term, provinces):
    ballot = _vote_setup(term, provinces, users)
    before = ActivityEntry.objects.count()
    voter = Client()
    code = codes_of(ballot)[0]
    voter.post(reverse("voting:vote"), {"code": code, "step": "cast"}, **PROXY)
    voter.post(reverse("voting:vote"), {"code": "KHONG-CO-MA", "step": "cast"}, **PROXY)
    voter.post(reverse("voting:vote"), {"code": code, "step": "cast"}, **PROXY)  # already used
    assert VoterCode.objects.get(code=code).used  # the vote went through
    assert ActivityEntry.objects.count() == before
    texts = " ".join(f"{e.target} {e.path}" for e in ActivityEntry.objects.all())
    assert code not in texts and reverse("voting:vote") not in texts


def test_the_admin_page_filters_and_exports(client, users):
    _login(Client(), users["officer"], "sai")
    _login(Client(), users["board"])
    client.force_login(users["admin"])
    page = client.get(reverse("audit:index"), {"action": Activity.LOGIN_FAILED})
    text = page.content.decode()
    assert page.status_code == 200 and users["officer"].username in text
    assert users["board"].username not in text.split('id="activity"')[1]
    export = client.get(reverse("audit:index"), {"user": users["board"].username, "format": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Thời điểm", "Tên đăng nhập", "Đơn vị", "Hành động")
    assert [r[1] for r in rows[1:]] == [users["board"].username]
    assert rows[1][3] == "Đăng nhập" and rows[1][7] == "203.0.113.9"
    bad = client.get(reverse("audit:index"), {"client_ip": "không-phải-ip", "date_from": "x"})
    assert bad.status_code == 200


def test_only_the_system_admin_sees_the_log(client, users, superuser):
    for role in ("board", "cluster_staff", "officer", "viewer", "nobody"):
        client.force_login(users[role])
        assert client.get(reverse("audit:index")).status_code == 403, role
        assert reverse("audit:index") not in client.get("/").content.decode(), role
    client.force_login(superuser)
    assert client.get(reverse("audit:index")).status_code == 200
    client.force_login(users["admin"])
    assert reverse("audit:index") in client.get("/").content.decode()  # the dashboard links to it


def test_purge_removes_entries_older_than_the_retention(settings, users):
    settings.THIDUA_ACTIVITY_RETENTION_DAYS = 30
    old = ActivityEntry.objects.create(action=Activity.LOGIN, username="cu")
    ActivityEntry.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=31))
    recent = ActivityEntry.objects.create(action=Activity.LOGIN, username="moi")
    out = io.StringIO()
    call_command("purge_activity", stdout=out)
    assert list(ActivityEntry.objects.values_list("pk", flat=True)) == [recent.pk]
    assert "1 bản ghi" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_log_line_does_not_raise_the_data_version(client, users):
    before = dataversion.current()
    _login(client, users["officer"], "sai")
    assert ActivityEntry.objects.count() == 1 and dataversion.current() == before


def test_the_log_is_read_only_in_the_back_office(admin_client):
    ActivityEntry.objects.create(action=Activity.LOGIN, username="x")
    assert admin_client.get(reverse("admin:audit_activityentry_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:audit_activityentry_add")).status_code == 403


def _entries(users, count):
    """`count` log lines, one a day back from today, alternately by the officer and the board."""
    now = timezone.now()
    rows = []
    for n in range(count):
        user = users["officer"] if n % 2 else users["board"]
        rows.append(
            ActivityEntry(
                action=Activity.EXPORT if n % 3 else Activity.DOWNLOAD,
                user=user,
                username=user.username,
                target=f"Biên bản hội nghị số {n:03d}",
                path=f"/van-ban/{n}/",
            )
        )
    ActivityEntry.objects.bulk_create(rows)
    for n, entry in enumerate(ActivityEntry.objects.order_by("id")):
        ActivityEntry.objects.filter(pk=entry.pk).update(at=now - timedelta(days=n))


def test_the_log_page_searches_by_who_what_object_and_dates_sorts_and_pages(client, users):
    """15.12: the activity log is searched by who, action, object and a date range, sorted, paged by 100."""
    client.force_login(users["admin"])
    ActivityEntry.objects.all().delete()  # the sign-in just recorded
    _entries(users, 130)
    url = reverse("audit:index")

    def rows(params):
        text = client.get(url, params).content.decode().split('id="activity"')[1]
        return re.findall(r"Biên bản hội nghị số (\d{3})", text)

    first = rows({})
    assert len(first) == 100 and first[0] == "000"  # newest first
    assert rows({"page": "2"}) == [f"{n:03d}" for n in range(100, 130)]
    assert rows({"target": "số 042"}) == ["042"]
    assert rows({"target": "/van-ban/7/"}) == ["007"]  # the page it was on counts as the object too
    assert set(rows({"user": users["officer"].username})) == {f"{n:03d}" for n in range(1, 130, 2)}
    assert set(rows({"user": users["board"].full_name})) <= {f"{n:03d}" for n in range(0, 130, 2)}
    downloads = rows({"action": Activity.DOWNLOAD, "target": "Biên bản"})
    assert downloads and all(int(n) % 3 == 0 for n in downloads)
    today = timezone.localdate()
    window = {
        "date_from": (today - timedelta(days=5)).isoformat(),
        "date_to": (today - timedelta(days=3)).isoformat(),
    }
    assert rows(window) == ["003", "004", "005"]
    assert rows({"sort": "at"})[0] == "129"  # oldest first
    assert rows({"sort": "-target"})[:2] == ["129", "128"]
    page = client.get(url, {"sort": "target", "target": "Biên bản"}).content.decode()
    assert 'aria-sort="ascending"' in page and 'name="sort" value="target"' in page
    assert rows({"sort": "password"})[0] == "000"  # not a column: the default order
    export = client.get(url, {"sort": "at", "target": "Biên bản", "format": "xlsx"})
    sheet = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert len(sheet) == 131 and "129" in str(sheet[1])  # the export follows the filters and the sort


def test_the_log_page_query_count_is_flat_in_rows(client, users, django_assert_max_num_queries):
    _entries(users, 3)
    client.force_login(users["admin"])
    with django_assert_max_num_queries(12) as few:
        assert client.get(reverse("audit:index")).status_code == 200
    _entries(users, 120)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("audit:index"), {"sort": "user"}).status_code == 200
