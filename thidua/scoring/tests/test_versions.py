"""Score edits refuse stale writes (issue 13.11): a self-score or assessment sent from a page or
the API read at an older version of the line is refused with the newer value, nothing is lost."""

import json
import re

import pytest
from django.urls import reverse

from thidua.organisation.models import Role
from thidua.scoring import services
from thidua.scoring.models import ScoreLine, ScoreSheet

pytestmark = pytest.mark.django_db
API = "/api/v1/scoring"
HTMX = {"HTTP_HX_REQUEST": "true"}
STALE = "Dữ liệu đã được người khác cập nhật sau khi bạn mở trang"


@pytest.fixture
def computed(users, term, period, reports):
    services.scores_compute(actor=users["board"], term=term, period=period)
    return {s.unit_id: s for s in ScoreSheet.objects.filter(term=term, period=period)}


@pytest.fixture
def line(computed, provinces, covenant):
    """Tiền Giang's manual criterion 1.2 (max 20), self-scored by its officers."""
    return ScoreLine.objects.get(sheet=computed[provinces[1].pk], criterion=covenant.criteria.a2)


def put(client, user, url, payload):
    client.force_login(user)
    return client.put(url, data=json.dumps(payload), content_type="application/json")


def test_stale_self_score_through_the_api_is_409_with_the_newer_value(client, users, make_user, line):
    client.force_login(users["officer"])
    read = client.get(f"{API}/sheets/{line.sheet_id}")
    version = next(row["version"] for row in read.json()["lines"] if row["id"] == line.pk)
    colleague = make_user(Role.OFFICER, line.sheet.unit)
    first = put(client, colleague, f"{API}/lines/{line.pk}/self", {"points": "18", "version": version})
    assert first.status_code == 200 and first.json()["version"] == version + 1
    stale = put(client, users["officer"], f"{API}/lines/{line.pk}/self", {"points": "12", "version": version})
    assert stale.status_code == 409
    body = stale.json()
    assert body["code"] == "stale_write" and STALE in body["message"] and "Tự chấm: 18" in body["message"]
    line.refresh_from_db()
    assert line.self_points == 18 and line.self_by == colleague
    missing = put(client, users["officer"], f"{API}/lines/{line.pk}/self", {"points": "12"})
    assert missing.status_code == 422


def test_stale_assessment_through_the_api_is_refused(client, users, line):
    url = f"{API}/lines/{line.pk}/assessment"
    version = line.version
    payload = {"points": "15", "reason": "Theo biên bản", "version": version}
    assert put(client, users["board"], url, payload).status_code == 200
    stale = put(client, users["cluster_staff"], url, {"points": "10", "reason": "Khác", "version": version})
    assert stale.status_code == 409 and "Cụm thẩm định: 15 (lý do: Theo biên bản)" in stale.json()["message"]
    line.refresh_from_db()
    assert line.assessed_points == 15 and line.assessed_by == users["board"]


def test_stale_cell_on_the_page_shows_the_newer_value_and_keeps_the_typing(client, users, make_user, line):
    client.force_login(users["officer"])
    page = client.get(reverse("scoring:sheet", args=[line.sheet_id])).content.decode()
    cell = page.split(f'id="cell-{line.pk}-self"')[1].split("</td>")[0]
    found = re.search(r'name="version" value="(\d+)"', cell)
    assert found
    shown = int(found.group(1))
    services.line_self_score(
        actor=make_user(Role.OFFICER, line.sheet.unit), line=line, points="18", version=shown
    )
    url = reverse("scoring:cell_self", args=[line.pk])
    response = client.post(url, {"points": "12", "version": shown}, **HTMX)
    body = response.content.decode()
    assert "cell-error" in body and STALE in body and "Tự chấm: 18" in body
    assert 'value="12"' in body, "what the user typed stays in the cell"
    line.refresh_from_db()
    assert line.self_points == 18
    # the refused cell now carries the newer version: saving again, knowingly, goes through
    found = re.search(r'name="version" value="(\d+)"', body)
    assert found
    newer = int(found.group(1))
    assert newer == shown + 1
    again = client.post(url, {"points": "12", "version": newer}, **HTMX)
    assert "Đã lưu" in again.content.decode()
    line.refresh_from_db()
    assert line.self_points == 12


def test_cell_without_a_version_is_refused_after_the_permission_check(
    client, users, line, computed, provinces
):
    client.force_login(users["officer"])
    response = client.post(reverse("scoring:cell_self", args=[line.pk]), {"points": "12"}, **HTMX)
    assert response.status_code == 200 and "Thiếu phiên bản dữ liệu" in response.content.decode()
    line.refresh_from_db()
    assert line.self_points is None
    other = ScoreLine.objects.get(sheet=computed[provinces[2].pk], criterion=line.criterion)
    assert (
        client.post(reverse("scoring:cell_self", args=[other.pk]), {"points": "1"}, **HTMX).status_code == 403
    )


def test_a_new_automatic_score_makes_an_open_form_stale(users, term, period, computed, provinces, covenant):
    from thidua.emulation.models import ReportValue

    target_line = ScoreLine.objects.get(sheet=computed[provinces[2].pk], criterion=covenant.criteria.a1)
    read_at = target_line.version
    value = ReportValue.objects.get(report__unit=provinces[2], target__criterion=covenant.criteria.a1)
    value.actual_value = 50
    value.save()
    services.scores_compute(actor=users["board"], term=term, period=period)
    target_line.refresh_from_db()
    assert target_line.version == read_at + 1
    unchanged = ScoreLine.objects.get(sheet=computed[provinces[0].pk], criterion=covenant.criteria.a1)
    services.scores_compute(actor=users["board"], term=term, period=period)
    assert ScoreLine.objects.get(pk=unchanged.pk).version == unchanged.version, "nothing new: no new version"
