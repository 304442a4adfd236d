"""Separation of duties in scoring (issue 13.8): the leader unit's staff never assess, adjust or
close their own unit's sheet; the deputy unit's staff or the owner's board take over, recorded."""

import json

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from thidua.organisation.models import Role
from thidua.scoring import services
from thidua.scoring.models import Adjustment, ScoreLine, ScoreSheet, SheetStatus

pytestmark = pytest.mark.django_db
API = "/api/v1/scoring"
OWN_UNIT = "Không được tự thẩm định, cộng/trừ điểm hay tiếp nhận kết quả của chính đơn vị mình"


@pytest.fixture
def computed(users, term, period, reports):
    services.scores_compute(actor=users["board"], term=term, period=period)
    return {s.unit_id: s for s in ScoreSheet.objects.filter(term=term, period=period)}


@pytest.fixture
def deputy_staff(make_user, term):
    return make_user(Role.CLUSTER_STAFF, term.deputy)


def api(client, user, method, url, payload=None):
    client.force_login(user)
    kwargs = {"content_type": "application/json", "data": json.dumps(payload)} if payload is not None else {}
    return getattr(client, method)(url, **kwargs)


def test_leader_staff_cannot_give_their_own_unit_a_bonus_page_or_api(client, users, computed, provinces):
    own = computed[provinces[0].pk]
    response = api(
        client,
        users["cluster_staff"],
        "post",
        f"{API}/sheets/{own.pk}/adjustments",
        {"kind": "bonus", "points": "5", "reason": "Chuyên án xuất sắc"},
    )
    assert response.status_code == 403
    assert response.json()["code"] == "access_denied" and OWN_UNIT in response.json()["message"]
    page = client.post(
        reverse("scoring:adjustment_add", args=[own.pk]),
        {"kind": "bonus", "points": "5", "reason": "Chuyên án xuất sắc"},
    )
    assert page.status_code == 302
    assert any(OWN_UNIT in str(m) for m in get_messages(page.wsgi_request))
    assert not Adjustment.objects.filter(sheet=own).exists()
    # another member's sheet stays theirs to adjust
    other = computed[provinces[2].pk]
    response = api(
        client,
        users["cluster_staff"],
        "post",
        f"{API}/sheets/{other.pk}/adjustments",
        {"kind": "bonus", "points": "1", "reason": "Bằng khen"},
    )
    assert response.status_code == 201


def test_leader_staff_cannot_assess_their_own_unit_cell_or_api(client, users, computed, provinces, covenant):
    line = ScoreLine.objects.get(sheet=computed[provinces[0].pk], criterion=covenant.criteria.a2)
    response = api(
        client,
        users["cluster_staff"],
        "put",
        f"{API}/lines/{line.pk}/assessment",
        {"points": "20", "reason": "Đạt", "version": line.version},
    )
    assert response.status_code == 403 and OWN_UNIT in response.json()["message"]
    cell = client.post(
        reverse("scoring:cell_assessed", args=[line.pk]),
        {"points": "20", "reason": "Đạt"},
        HTTP_HX_REQUEST="true",
    )
    assert cell.status_code == 403 and OWN_UNIT in cell.content.decode()
    line.refresh_from_db()
    assert line.assessed_points is None


def test_leader_staff_cannot_remove_a_penalty_from_their_own_unit(client, users, computed, provinces):
    penalty = services.adjustment_add(
        actor=users["board"], sheet=computed[provinces[0].pk], kind="penalty", points=2, reason="Báo cáo chậm"
    )
    response = api(client, users["cluster_staff"], "delete", f"{API}/adjustments/{penalty.pk}")
    assert response.status_code == 403 and OWN_UNIT in response.json()["message"]
    assert Adjustment.objects.filter(pk=penalty.pk).exists()


def test_leader_staff_see_why_their_own_sheet_is_read_only(client, users, computed, provinces):
    client.force_login(users["cluster_staff"])
    own = client.get(reverse("scoring:sheet", args=[computed[provinces[0].pk].pk])).content.decode()
    assert 'id="own-unit-notice"' in own and "cell-" not in own.split("score-grid")[1].split("</table>")[0]
    other = client.get(reverse("scoring:sheet", args=[computed[provinces[2].pk].pk])).content.decode()
    assert 'id="own-unit-notice"' not in other and 'name="reason"' in other


def test_deputy_unit_takes_over_the_leader_units_sheet_and_is_recorded(
    client, users, computed, provinces, covenant, deputy_staff
):
    own = computed[provinces[0].pk]
    response = api(
        client,
        deputy_staff,
        "post",
        f"{API}/sheets/{own.pk}/adjustments",
        {"kind": "bonus", "points": "2", "reason": "Chuyên án được Bộ khen"},
    )
    assert response.status_code == 201, response.content
    adjustment = Adjustment.objects.get(sheet=own)
    assert adjustment.created_by == deputy_staff and adjustment.created_as == "deputy"
    line = ScoreLine.objects.get(sheet=own, criterion=covenant.criteria.a2)
    response = api(
        client,
        deputy_staff,
        "put",
        f"{API}/lines/{line.pk}/assessment",
        {"points": "15", "reason": "Thiếu hồ sơ", "version": line.version},
    )
    assert response.status_code == 200, response.content
    line.refresh_from_db()
    assert line.assessed_by == deputy_staff and line.assessed_as == "deputy"
    # the deputy's takeover covers only the leader unit's own sheet
    response = api(
        client,
        deputy_staff,
        "post",
        f"{API}/sheets/{computed[provinces[2].pk].pk}/adjustments",
        {"kind": "bonus", "points": "2", "reason": "Bằng khen"},
    )
    assert response.status_code == 403 and OWN_UNIT not in response.json()["message"]
    # who did what, on the page everyone in the cluster sees
    client.force_login(users["viewer"])
    page = client.get(reverse("scoring:sheet", args=[own.pk])).content.decode()
    assert deputy_staff.get_full_name() in page
    assert "Đơn vị Cụm phó (thay đơn vị Cụm trưởng được chấm)" in page


def test_board_closes_the_leader_units_sheet_after_the_leader_closes_the_others(
    client, users, computed, provinces, term, period
):
    url = reverse("scoring:reconcile", args=[term.pk, period.pk])
    client.force_login(users["cluster_staff"])
    assert client.post(url).status_code == 302
    own = ScoreSheet.objects.get(pk=computed[provinces[0].pk].pk)
    assert own.status != SheetStatus.ASSESSED
    client.force_login(users["board"])
    assert client.post(url).status_code == 302
    own.refresh_from_db()
    assert own.status == SheetStatus.ASSESSED and (own.assessed_by, own.assessed_as) == (
        users["board"],
        "board",
    )
    page = client.get(reverse("scoring:sheet", args=[own.pk])).content.decode()
    assert 'id="sheet-assessed-by"' in page and users["board"].get_full_name() in page
