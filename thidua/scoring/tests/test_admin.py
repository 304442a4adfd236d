"""Admin back office for scoring: every model registered and its pages rendering with real rows; the
configuration saved through the service (checked, sheets re-ranked); score rows kept by the services."""

import datetime
from decimal import Decimal
from functools import partial

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.core.tests import admin_contract as contract
from thidua.scoring import services
from thidua.scoring.models import AdjustmentKind, ScoreSheet, ScoringConfig

pytestmark = pytest.mark.django_db

APP = "scoring"


MODELS = sorted(contract.registered(APP))
url = partial(contract.admin_url, APP)


@pytest.fixture
def rows(users, ministry, provinces, term, period, reports):
    """At least one row of every scoring model, made through the services (conftest `reports`)."""
    actor = users["admin"]
    services.scores_compute(actor=actor, term=term, period=period)
    sheet = ScoreSheet.objects.get(term=term, period=period, unit=provinces[1])
    services.adjustment_add(
        actor=actor,
        sheet=sheet,
        kind=AdjustmentKind.PENALTY,
        points="2",
        reason="Để xảy ra vụ việc phức tạp",
        evidence=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 minh chung", content_type="application/pdf"),
    )
    services.sheet_comment_add(actor=users["officer"], sheet=sheet, text="Đề nghị xem lại điểm tiêu chí 1.2")
    inspection = services.cross_inspection_assign(
        actor=actor, term=term, period=period, inspecting_unit=provinces[0], inspected_unit=provinces[1]
    )
    services.cross_inspection_record(
        actor=actor, inspection=inspection, inspected_on=datetime.date(2024, 7, 2), findings="Hồ sơ đầy đủ"
    )
    services.scoring_config_update(actor=actor, owner=ministry, bonus_cap=Decimal("4"))
    services.scores_lock(actor=actor, term=term, period=period, reason="Hội nghị đã bình xét")
    services.scores_reopen(actor=actor, term=term, period=period, reason="Cập nhật kết quả kiểm tra chéo")
    return {"sheet": sheet, "inspection": inspection}


def test_every_concrete_model_is_registered():
    contract.check_every_concrete_model_is_registered(APP)


@pytest.mark.parametrize("model_name", MODELS)
def test_changelist_search_and_add_pages_render(admin_client, superuser, rows, model_name):
    contract.check_changelist_search_and_add(admin_client, superuser, APP, model_name)


@pytest.mark.parametrize("model_name", MODELS)
def test_change_and_history_pages_render(admin_client, rows, model_name):
    contract.check_change_and_history(admin_client, APP, model_name)


def test_a_non_staff_user_is_sent_to_the_admin_login(client, users):
    contract.check_non_staff_is_sent_to_login(client, users["officer"], APP)


def config_data(**changes) -> dict:
    data = {
        "threshold_excellent": "90",
        "threshold_good": "80",
        "threshold_fair": "65",
        "threshold_average": "50",
        "serious_violation_max_band": "good",
        "tie_break": '["group:1", "penalty"]',
        "bonus_cap": "5",
        "penalty_cap": "10",
        "target_formula": "proportional",
    }
    data.update(changes)
    return data


def test_config_change_goes_through_the_service_and_reranks_the_sheets(
    admin_client, rows, ministry, provinces
):
    config = ScoringConfig.objects.get(owner=ministry)
    first = ScoreSheet.objects.get(unit=provinces[0])
    assert first.total == Decimal("80.00") and first.band == "good"
    response = admin_client.post(
        url("scoringconfig", "change", config.pk), config_data(threshold_excellent="80", threshold_good="70")
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.band == "excellent", "the owner's sheets are re-ranked with the new thresholds"
    assert ScoringConfig.objects.get(pk=config.pk).history.count() == 2


def test_config_form_refuses_thresholds_that_do_not_decrease(admin_client, rows, ministry):
    config = ScoringConfig.objects.get(owner=ministry)
    response = admin_client.post(url("scoringconfig", "change", config.pk), config_data(threshold_good="95"))
    assert response.status_code == 200 and "phải giảm dần" in response.content.decode()
    response = admin_client.post(url("scoringconfig", "change", config.pk), config_data(tie_break='["luck"]'))
    assert response.status_code == 200 and "luck" in response.content.decode()
    assert ScoringConfig.objects.get(pk=config.pk).threshold_good == Decimal("80")


def test_config_can_be_added_for_another_owner(admin_client, rows, other_province):
    response = admin_client.post(url("scoringconfig", "add"), config_data(owner=str(other_province.pk)))
    assert response.status_code == 302
    assert ScoringConfig.objects.get(owner=other_province).tie_break == ["group:1", "penalty"]


def test_score_rows_are_view_only_and_evidence_uses_the_checked_download(admin_client, rows):
    sheet = rows["sheet"]
    page = admin_client.get(url("scoresheet", "change", sheet.pk)).content.decode()
    assert 'name="total"' not in page and 'name="status"' not in page and 'name="lines-0-points"' not in page
    assert admin_client.post(url("scoresheet", "change", sheet.pk), {"total": "100"}).status_code == 403
    adjustment = sheet.adjustments.get()
    assert reverse("scoring:adjustment_evidence", args=[adjustment.pk]) in page
    assert "/media/" not in page and adjustment.evidence.name not in page
    assert admin_client.post(url("adjustment", "change", adjustment.pk), {"points": "9"}).status_code == 403


def test_cross_inspection_minutes_lock_with_the_scores(admin_client, rows, users, term, period):
    inspection = rows["inspection"]
    page = admin_client.get(url("crossinspection", "change", inspection.pk)).content.decode()
    assert 'name="record-0-findings"' in page and 'name="assigned_by"' not in page
    services.scores_lock(actor=users["admin"], term=term, period=period, reason="Chốt điểm")
    page = admin_client.get(url("crossinspection", "change", inspection.pk)).content.decode()
    assert 'name="record-0-findings"' not in page
    assert admin_client.post(url("crossinspection", "change", inspection.pk), {}).status_code == 403
