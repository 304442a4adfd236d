"""Scoring pages: permission matrix, HTMX cell saves with validation, explanations, exports, query counts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from thidua.scoring import services
from thidua.scoring.models import ScoreLine, ScoreSheet

from .factories import AdjustmentFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def computed(users, term, period, reports):
    services.scores_compute(actor=users["cluster_staff"], term=term, period=period)
    return {s.unit_id: s for s in ScoreSheet.objects.filter(term=term, period=period)}


def login(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("board", 200),
        ("cluster_staff", 200),
        ("officer", 200),
        ("unit_leader", 200),
        ("viewer", 200),
        ("foreign_officer", 404),
        ("nobody", 404),
    ],
)
def test_leaderboard_visible_to_the_cluster_only(client, users, term, period, computed, role, status):
    response = login(client, users[role]).get(reverse("scoring:leaderboard", args=[term.pk, period.pk]))
    assert response.status_code == status
    if status == 200:
        assert "Công an tỉnh Sóc Trăng" in response.content.decode()


def test_leaderboard_requires_login(client, term, period):
    response = client.get(reverse("scoring:leaderboard", args=[term.pk, period.pk]))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("role", "status"), [("cluster_staff", 200), ("foreign_officer", 404), ("nobody", 404)]
)
def test_term_page_matrix(client, users, term, period, computed, role, status):
    response = login(client, users[role]).get(reverse("scoring:term", kwargs={"term_id": term.pk}))
    assert response.status_code == status
    if status == 200:
        assert period.label in response.content.decode()


@pytest.mark.parametrize(("role", "status"), [("officer", 200), ("viewer", 200), ("foreign_officer", 404)])
def test_sheet_page_matrix(client, users, computed, provinces, role, status):
    response = login(client, users[role]).get(reverse("scoring:sheet", args=[computed[provinces[1].pk].pk]))
    assert response.status_code == status


def test_officer_grid_shows_self_inputs_on_own_sheet_only(client, users, computed, provinces):
    login(client, users["officer"])
    own = client.get(reverse("scoring:sheet", args=[computed[provinces[1].pk].pk])).content.decode()
    other = client.get(reverse("scoring:sheet", args=[computed[provinces[2].pk].pk])).content.decode()
    assert 'data-column="self"' in own and 'data-column="assessed"' not in own
    assert 'data-column="self"' not in other


def test_cell_save_rejects_points_above_max_then_saves_valid_value(
    client, users, computed, provinces, covenant
):
    line = ScoreLine.objects.get(sheet=computed[provinces[1].pk], criterion=covenant.criteria.a2)
    login(client, users["cluster_staff"])
    url = reverse("scoring:cell_assessed", args=[line.pk])
    bad = client.post(url, {"points": "25", "reason": "x", "version": line.version}, **HTMX)
    assert bad.status_code == 200
    assert "Điểm phải từ 0 đến 20" in bad.content.decode() and "cell-error" in bad.content.decode()
    line.refresh_from_db()
    assert line.assessed_points is None
    good = client.post(
        url, {"points": "15,5", "reason": "Theo biên bản kiểm tra chéo", "version": line.version}, **HTMX
    )
    body = good.content.decode()
    assert 'hx-swap-oob="true"' in body and "Đã lưu" in body
    line.refresh_from_db()
    assert line.points == Decimal("15.50")
    assert ScoreSheet.objects.get(pk=line.sheet_id).total == Decimal("86.50")


def test_cell_save_of_another_units_self_score_is_forbidden(client, users, computed, provinces, covenant):
    line = ScoreLine.objects.get(sheet=computed[provinces[2].pk], criterion=covenant.criteria.a2)
    response = login(client, users["officer"]).post(
        reverse("scoring:cell_self", args=[line.pk]), {"points": "5"}, **HTMX
    )
    assert response.status_code == 403
    line.refresh_from_db()
    assert line.self_points is None


def test_cell_save_by_outsider_is_not_found(client, users, computed, provinces, covenant):
    line = ScoreLine.objects.get(sheet=computed[provinces[2].pk], criterion=covenant.criteria.a2)
    response = login(client, users["foreign_officer"]).post(
        reverse("scoring:cell_self", args=[line.pk]), {"points": "5"}
    )
    assert response.status_code == 404


def test_explanation_partial_names_targets_values_and_formula(client, users, computed, provinces, covenant):
    line = ScoreLine.objects.get(sheet=computed[provinces[2].pk], criterion=covenant.criteria.a1)
    body = (
        login(client, users["viewer"])
        .get(reverse("scoring:explain_line", args=[line.pk]), **HTMX)
        .content.decode()
    )
    assert "<html" not in body
    assert "Số vụ án hình sự được khám phá" in body and "32,00" in body
    assert "40 × min(40 / 50; 1) = 32" in body


def test_sheet_explanation_lists_adjustment_by_whom(client, users, computed, provinces):
    sheet = computed[provinces[0].pk]
    services.adjustment_add(
        actor=users["board"], sheet=sheet, kind="bonus", points=2, reason="Chuyên án xuất sắc"
    )
    body = (
        login(client, users["viewer"]).get(reverse("scoring:explain_sheet", args=[sheet.pk])).content.decode()
    )
    assert "Chuyên án xuất sắc" in body and users["board"].get_full_name() in body
    assert "Thứ hạng 1" in body


def test_manager_actions_compute_lock_reopen(client, users, term, period, reports):
    login(client, users["cluster_staff"])
    args = [term.pk, period.pk]
    client.post(reverse("scoring:compute", args=args))
    assert ScoreSheet.objects.filter(term=term, period=period).count() == 6
    client.post(reverse("scoring:lock", args=args), {"reason": "Theo kết quả bỏ phiếu"})
    assert ScoreSheet.objects.filter(term=term, period=period, is_locked=True).count() == 6
    client.post(reverse("scoring:reopen", args=args), {"reason": "Sai số liệu"})
    assert not ScoreSheet.objects.filter(term=term, period=period, is_locked=True).exists()


def test_officer_cannot_lock(client, users, term, period, computed):
    login(client, users["officer"]).post(reverse("scoring:lock", args=[term.pk, period.pk]), {"reason": "x"})
    assert not ScoreSheet.objects.filter(is_locked=True).exists()


def test_exports_are_excel_files(client, users, term, period, computed, provinces):
    login(client, users["viewer"])
    for url in (
        reverse("scoring:leaderboard_export", args=[term.pk, period.pk]),
        reverse("scoring:sheet_export", args=[computed[provinces[0].pk].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert response.content[:2] == b"PK"


def test_leaderboard_queries_flat_in_units(
    client, users, term, period, computed, django_assert_max_num_queries
):
    for sheet in computed.values():
        AdjustmentFactory(sheet=sheet)
    login(client, users["cluster_staff"])
    with django_assert_max_num_queries(22):
        response = client.get(reverse("scoring:leaderboard", args=[term.pk, period.pk]))
    assert response.status_code == 200


def test_sheet_page_queries_flat_in_lines(client, users, computed, provinces, django_assert_max_num_queries):
    login(client, users["cluster_staff"])
    with django_assert_max_num_queries(16):
        response = client.get(reverse("scoring:sheet", args=[computed[provinces[0].pk].pk]))
    assert response.status_code == 200


def test_unit_history_and_comparison_pages(client, users, computed, provinces):
    login(client, users["board"])
    history = client.get(reverse("scoring:unit_history", args=[provinces[0].pk]))
    assert history.status_code == 200 and "Sơ kết 6 tháng 2024" in history.content.decode()
    comparison = client.get(reverse("scoring:comparison"))
    assert comparison.status_code == 200 and "Cụm thi đua số 11" in comparison.content.decode()


def test_comparison_is_for_the_owner_board_only(client, users, computed):
    assert login(client, users["officer"]).get(reverse("scoring:comparison")).status_code == 404


def test_inspecting_unit_records_minutes_with_proposals(
    client, users, term, period, computed, provinces, covenant
):
    inspection = services.cross_inspection_assign(
        actor=users["cluster_staff"],
        term=term,
        period=period,
        inspecting_unit=provinces[1],
        inspected_unit=provinces[4],
    )
    line = ScoreLine.objects.get(sheet=computed[provinces[4].pk], criterion=covenant.criteria.a2)
    login(client, users["officer"])
    response = client.post(
        reverse("scoring:inspection", args=[inspection.pk]),
        {
            "inspected_on": "05/07/2024",
            "findings": "Hồ sơ đầy đủ",
            f"proposed-{line.pk}": "12",
            f"note-{line.pk}": "Đạt",
        },
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.proposed_points == Decimal("12.00")


def test_dashboard_panel_shows_the_cluster_ranking(client, users, computed):
    body = login(client, users["officer"]).get("/").content.decode()
    assert 'id="panel-scoring"' in body and "Sơ kết 6 tháng 2024" in body and "CA Sóc Trăng" in body


def test_dashboard_panel_absent_outside_any_scored_cluster(client, users, computed):
    body = login(client, users["foreign_officer"]).get("/").content.decode()
    assert 'id="panel-scoring"' not in body


def test_owner_board_edits_the_scoring_configuration(client, users, computed, ministry, provinces):
    login(client, users["board"])
    url = reverse("scoring:config", args=[ministry.pk])
    assert client.get(url).status_code == 200
    data = {
        "threshold_excellent": "79",
        "threshold_good": "70",
        "threshold_fair": "60",
        "threshold_average": "40",
        "serious_violation_max_band": "good",
        "tie_break": "penalty, group:2",
        "bonus_cap": "5",
        "penalty_cap": "10",
        "target_formula": "proportional",
    }
    assert client.post(url, data).status_code == 302
    assert ScoreSheet.objects.get(unit=provinces[0]).band == "excellent"
    bad = client.post(url, {**data, "threshold_good": "90"})
    assert "ngưỡng xếp loại phải giảm dần" in bad.content.decode()


@pytest.mark.parametrize("role", ["cluster_staff", "officer", "foreign_officer"])
def test_scoring_configuration_is_for_the_owner_board_only(client, users, ministry, role):
    assert login(client, users[role]).get(reverse("scoring:config", args=[ministry.pk])).status_code == 404


@pytest.mark.parametrize(("role", "status"), [("viewer", 200), ("board", 200), ("foreign_officer", 404)])
def test_adjustment_evidence_downloads_for_the_cluster_only(client, users, computed, provinces, role, status):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = b"%PDF-1.4 quyet dinh khen thuong"
    adjustment = services.adjustment_add(
        actor=users["board"],
        sheet=computed[provinces[0].pk],
        kind="bonus",
        points=1,
        reason="Bằng khen của Bộ trưởng",
        evidence=SimpleUploadedFile("quyet-dinh.pdf", content, content_type="application/pdf"),
    )
    login(client, users[role])
    if status == 200:
        page = client.get(reverse("scoring:sheet", args=[adjustment.sheet_id])).content.decode()
        assert reverse("scoring:adjustment_evidence", args=[adjustment.pk]) in page
    response = client.get(reverse("scoring:adjustment_evidence", args=[adjustment.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == content
        assert (
            response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
        )


@pytest.mark.parametrize(("role", "status"), [("viewer", 200), ("officer", 200), ("foreign_officer", 404)])
def test_a_cluster_partners_score_history_is_open_to_the_cluster(
    client, users, computed, provinces, role, status
):
    login(client, users[role])
    response = client.get(reverse("scoring:unit_history", args=[provinces[0].pk]))
    assert response.status_code == status
    if status == 200:
        assert str(computed[provinces[0].pk].term.cluster.name) in response.content.decode()
