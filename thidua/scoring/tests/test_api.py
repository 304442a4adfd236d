"""Scoring API: ranking, sheets, scores, explanations, lock; errors as {"code", "message"}."""

import json
from decimal import Decimal

import pytest

from thidua.scoring import services
from thidua.scoring.models import ScoreLine, ScoreSheet

pytestmark = pytest.mark.django_db
API = "/api/v1/scoring"


@pytest.fixture
def computed(users, term, period, reports):
    services.scores_compute(actor=users["cluster_staff"], term=term, period=period)
    return {s.unit_id: s for s in ScoreSheet.objects.filter(term=term, period=period)}


def call(client, user, method, url, payload=None):
    client.force_login(user)
    kwargs = {"content_type": "application/json", "data": json.dumps(payload)} if payload is not None else {}
    return getattr(client, method)(url, **kwargs)


def test_leaderboard_endpoint_gives_rank_and_band(client, users, term, period, computed, provinces):
    response = call(client, users["viewer"], "get", f"{API}/terms/{term.pk}/periods/{period.pk}/leaderboard")
    assert response.status_code == 200
    rows = response.json()
    assert rows[0]["unit_id"] == provinces[0].pk and rows[0]["rank"] == 1 and rows[0]["band_label"] == "Tốt"


@pytest.mark.parametrize(("role", "status"), [("viewer", 200), ("foreign_officer", 404), ("nobody", 404)])
def test_leaderboard_endpoint_matrix(client, users, term, period, computed, role, status):
    response = call(client, users[role], "get", f"{API}/terms/{term.pk}/periods/{period.pk}/leaderboard")
    assert response.status_code == status


def test_sheet_endpoint_lists_lines(client, users, computed, provinces):
    body = call(client, users["officer"], "get", f"{API}/sheets/{computed[provinces[0].pk].pk}").json()
    assert len(body["lines"]) == 4 and body["lines"][0]["criterion_code"] == "1.1"
    assert Decimal(body["total"]) == Decimal("80.00")


def test_self_score_endpoint_validates_max_points(client, users, computed, provinces, covenant):
    line = ScoreLine.objects.get(sheet=computed[provinces[1].pk], criterion=covenant.criteria.a2)
    bad = call(
        client,
        users["officer"],
        "put",
        f"{API}/lines/{line.pk}/self",
        {"points": "21", "version": line.version},
    )
    assert bad.status_code == 422 and bad.json()["code"] == "points_out_of_range"
    good = call(
        client,
        users["officer"],
        "put",
        f"{API}/lines/{line.pk}/self",
        {"points": "19.5", "version": line.version},
    )
    assert good.status_code == 200 and Decimal(good.json()["points"]) == Decimal("19.50")


def test_assessment_endpoint_needs_reason_and_manage_term(client, users, computed, provinces, covenant):
    line = ScoreLine.objects.get(sheet=computed[provinces[1].pk], criterion=covenant.criteria.a1)
    url = f"{API}/lines/{line.pk}/assessment"
    assert (
        call(client, users["officer"], "put", url, {"points": "30", "version": line.version}).status_code
        == 403
    )
    assert (
        call(client, users["cluster_staff"], "put", url, {"points": "30", "version": line.version}).json()[
            "code"
        ]
        == "reason_required"
    )
    assert (
        call(
            client,
            users["cluster_staff"],
            "put",
            url,
            {"points": "30", "reason": "Sai số liệu", "version": line.version},
        ).status_code
        == 200
    )


def test_explanation_endpoints(client, users, computed, provinces, covenant):
    line = ScoreLine.objects.get(sheet=computed[provinces[0].pk], criterion=covenant.criteria.a1)
    body = call(client, users["viewer"], "get", f"{API}/lines/{line.pk}/explanation").json()
    assert body["steps"][0]["kind"] == "criterion" and body["steps"][-1]["kind"] == "final"
    sheet_body = call(client, users["viewer"], "get", f"{API}/sheets/{line.sheet_id}/explanation").json()
    assert any(step["kind"] == "band" for step in sheet_body["steps"])


def test_lock_and_reopen_endpoints(client, users, term, period, computed):
    base = f"{API}/terms/{term.pk}/periods/{period.pk}"
    assert (
        call(client, users["cluster_staff"], "post", f"{base}/lock", {"reason": "Sau bỏ phiếu"}).status_code
        == 201
    )
    again = call(client, users["cluster_staff"], "post", f"{base}/lock", {"reason": "lần hai"})
    assert again.status_code == 409 and again.json()["code"] == "scores_locked"
    reopened = call(client, users["cluster_staff"], "post", f"{base}/reopen", {"reason": "Sai sót"})
    assert reopened.status_code == 200 and reopened.json()["reopen_reason"] == "Sai sót"


def test_adjustment_and_history_endpoints(client, users, computed, provinces):
    sheet = computed[provinces[0].pk]
    created = call(
        client,
        users["board"],
        "post",
        f"{API}/sheets/{sheet.pk}/adjustments",
        {"kind": "penalty", "points": "2", "reason": "Báo cáo chậm"},
    )
    assert created.status_code == 201
    history = call(client, users["board"], "get", f"{API}/units/{provinces[0].pk}/history").json()
    assert Decimal(history[0]["total"]) == Decimal("78.00") and history[0]["member_count"] == 6


def test_config_endpoint_for_owner_board(client, users, ministry):
    response = call(
        client, users["board"], "patch", f"{API}/config/{ministry.pk}", {"tie_break": ["penalty", "group:2"]}
    )
    assert response.status_code == 200 and response.json()["tie_break"] == ["penalty", "group:2"]
    assert (
        call(client, users["officer"], "patch", f"{API}/config/{ministry.pk}", {"bonus_cap": "1"}).status_code
        == 403
    )
