"""Scoring services (issue 6 §1–4; DOMAIN.md §5, R21)."""

import datetime
from decimal import Decimal

import pytest

from thidua.core.errors import AccessDenied
from thidua.emulation.models import SubmissionStatus
from thidua.scoring import services
from thidua.scoring.errors import (
    CovenantRequired,
    DifferenceReasonMissing,
    NotAMember,
    PeriodNotForTerm,
    PointsOutOfRange,
    ReasonRequired,
    ScoresLocked,
    ScoresNotLocked,
    SelfInspection,
)
from thidua.scoring.models import (
    Adjustment,
    AdjustmentKind,
    LineSource,
    PeriodLock,
    ScoreLine,
    ScoreSheet,
    ScoringConfig,
    SheetStatus,
)

from .factories import PeriodFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def computed(users, term, period, reports):
    services.scores_compute(actor=users["cluster_staff"], term=term, period=period)
    return {s.unit_id: s for s in ScoreSheet.objects.filter(term=term, period=period)}


def line(sheet, criterion):
    return ScoreLine.objects.get(sheet=sheet, criterion=criterion)


def test_compute_scores_target_criteria_from_accepted_reports(computed, provinces, covenant):
    c = covenant.criteria
    first, third = computed[provinces[0].pk], computed[provinces[2].pk]
    # 6-month expected value = 100 × 6/12 = 50; 50 reported → full 40 points; 40 reported → 32
    assert line(first, c.a1).auto_points == D("40.00")
    assert line(third, c.a1).auto_points == D("32.00")
    assert line(third, c.b1).auto_points == D("0.00"), "yes/no: not met gives nothing"
    assert line(first, c.b2).auto_points == D("30.00"), "6 models × 5 points capped at 30"
    assert line(first, c.a2).auto_points is None, "manual criteria are not computed"
    assert first.total == D("80.00") and third.total == D("52.00")
    assert first.rank == 1 and first.band == "good"


def test_compute_ignores_reports_not_yet_accepted(users, term, period, reports, provinces, covenant):
    from thidua.emulation.models import PeriodReport

    PeriodReport.objects.filter(unit=provinces[0]).update(status=SubmissionStatus.SUBMITTED)
    services.scores_compute(actor=users["cluster_staff"], term=term, period=period)
    sheet = ScoreSheet.objects.get(term=term, period=period, unit=provinces[0])
    assert line(sheet, covenant.criteria.a1).auto_points is None
    assert sheet.total == D("0.00")


def test_compute_is_idempotent(users, term, period, reports, computed):
    services.scores_compute(actor=users["cluster_staff"], term=term, period=period)
    assert ScoreSheet.objects.filter(term=term, period=period).count() == 6
    assert ScoreLine.objects.filter(sheet__term=term).count() == 24


def test_compute_needs_a_covenant(users, term, period):
    with pytest.raises(CovenantRequired):
        services.scores_compute(actor=users["cluster_staff"], term=term, period=period)


def test_period_must_belong_to_the_term_year(users, term, covenant, ministry):
    other_year = PeriodFactory(owner=ministry, year=2023)
    with pytest.raises(PeriodNotForTerm):
        services.scores_compute(actor=users["cluster_staff"], term=term, period=other_year)


@pytest.mark.parametrize("role", ["officer", "unit_leader", "viewer", "foreign_officer", "nobody"])
def test_only_cluster_managers_compute_scores(users, term, period, covenant, role):
    with pytest.raises(AccessDenied):
        services.scores_compute(actor=users[role], term=term, period=period)


def test_board_of_the_owner_may_compute(users, term, period, reports):
    sheets = services.scores_compute(actor=users["board"], term=term, period=period)
    assert len(sheets) == 6


def test_unit_self_scores_its_own_manual_criterion(users, computed, provinces, covenant):
    sheet = computed[provinces[1].pk]
    result = services.line_self_score(
        actor=users["officer"], line=line(sheet, covenant.criteria.a2), points="18,5", note="Có báo cáo"
    )
    assert result.self_points == D("18.50") and result.source == LineSource.SELF
    sheet.refresh_from_db()
    assert sheet.total == D("71.00") + D("18.50")


def test_self_score_of_another_unit_is_denied(users, computed, provinces, covenant):
    with pytest.raises(AccessDenied):
        services.line_self_score(
            actor=users["officer"], line=line(computed[provinces[2].pk], covenant.criteria.a2), points=5
        )


@pytest.mark.parametrize("value", ["21", "-1", "abc", "NaN"])
def test_points_must_be_numeric_between_zero_and_max(users, computed, provinces, covenant, value):
    with pytest.raises(PointsOutOfRange):
        services.line_self_score(
            actor=users["officer"], line=line(computed[provinces[1].pk], covenant.criteria.a2), points=value
        )


def test_cluster_assessment_differing_from_self_score_needs_a_reason(users, computed, provinces, covenant):
    target = line(computed[provinces[1].pk], covenant.criteria.a2)
    services.line_self_score(actor=users["officer"], line=target, points=20)
    with pytest.raises(ReasonRequired):
        services.line_assess(actor=users["cluster_staff"], line=target, points=15)
    assessed = services.line_assess(
        actor=users["cluster_staff"],
        line=target,
        points=15,
        reason="Biên bản kiểm tra chéo: thiếu minh chứng",
    )
    assert assessed.points == D("15.00") and assessed.source == LineSource.ASSESSED
    assert assessed.difference == D("-5.00")


def test_assessment_equal_to_self_score_needs_no_reason(users, computed, provinces, covenant):
    target = line(computed[provinces[1].pk], covenant.criteria.a2)
    services.line_self_score(actor=users["officer"], line=target, points=20)
    assert services.line_assess(actor=users["cluster_staff"], line=target, points=20).points == D("20.00")


def test_unit_officer_cannot_assess(users, computed, provinces, covenant):
    with pytest.raises(AccessDenied):
        services.line_assess(
            actor=users["officer"], line=line(computed[provinces[1].pk], covenant.criteria.a2), points=1
        )


def test_bonus_and_penalty_are_capped_r21(users, computed, provinces):
    sheet = computed[provinces[0].pk]  # 80 points
    for _ in range(3):
        services.adjustment_add(
            actor=users["board"], sheet=sheet, kind="bonus", points=3, reason="Chuyên án xuất sắc"
        )
    services.adjustment_add(
        actor=users["board"], sheet=sheet, kind="penalty", points=2, reason="Báo cáo chậm"
    )
    sheet.refresh_from_db()
    assert sheet.bonus_raw == D("9.00") and sheet.bonus_points == D("5.00"), "default bonus cap 5"
    assert sheet.penalty_points == D("2.00") and sheet.penalty_count == 1
    assert sheet.total == D("83.00")


def test_caps_come_from_the_owner_configuration(users, computed, provinces, ministry):
    services.scoring_config_update(actor=users["board"], owner=ministry, bonus_cap=D("8"))
    sheet = computed[provinces[0].pk]
    services.adjustment_add(actor=users["board"], sheet=sheet, kind="bonus", points=10, reason="Huân chương")
    sheet.refresh_from_db()
    assert sheet.bonus_points == D("8.00") and sheet.total == D("88.00")


def test_adjustment_needs_a_reason(users, computed, provinces):
    with pytest.raises(ReasonRequired):
        services.adjustment_add(
            actor=users["board"], sheet=computed[provinces[0].pk], kind="bonus", points=1, reason=" "
        )


def test_serious_violation_prevents_excellent_whatever_the_points(users, computed, provinces, covenant):
    sheet = computed[provinces[0].pk]
    services.line_assess(
        actor=users["board"], line=line(sheet, covenant.criteria.a2), points=20, reason="Đạt"
    )
    sheet.refresh_from_db()
    assert sheet.total == D("100.00") and sheet.band == "excellent"
    services.adjustment_add(
        actor=users["board"],
        sheet=sheet,
        kind="penalty",
        points=1,
        reason="Cán bộ vi phạm bị kỷ luật cảnh cáo",
        is_serious_violation=True,
    )
    sheet.refresh_from_db()
    assert sheet.total == D("99.00") and sheet.serious_violation
    assert sheet.band == "good"


def test_cross_inspection_records_findings_and_proposals(
    users, computed, provinces, covenant, term, period, make_user
):
    from thidua.organisation.models import Role

    inspection = services.cross_inspection_assign(
        actor=users["cluster_staff"],
        term=term,
        period=period,
        inspecting_unit=provinces[1],
        inspected_unit=provinces[3],
    )
    record = services.cross_inspection_record(
        actor=users["officer"],
        inspection=inspection,
        inspected_on=datetime.date(2024, 7, 5),
        findings="Hồ sơ đầy đủ",
        proposals={covenant.criteria.a2.pk: ("17", "Đề nghị 17 điểm")},
    )
    assert record.findings == "Hồ sơ đầy đủ"
    proposed = line(computed[provinces[3].pk], covenant.criteria.a2)
    assert proposed.proposed_points == D("17.00") and proposed.proposed_by_unit == provinces[1]
    assert proposed.points == D("0.00"), "a proposal is not a final score until the cluster assesses it"
    other_officer = make_user(Role.OFFICER, provinces[2])
    with pytest.raises(AccessDenied):
        services.cross_inspection_record(
            actor=other_officer, inspection=inspection, inspected_on=datetime.date(2024, 7, 5), findings="x"
        )


def test_cross_inspection_cannot_inspect_self_or_outsiders(
    users, term, period, covenant, provinces, other_province
):
    with pytest.raises(SelfInspection):
        services.cross_inspection_assign(
            actor=users["cluster_staff"],
            term=term,
            period=period,
            inspecting_unit=provinces[1],
            inspected_unit=provinces[1],
        )
    with pytest.raises(NotAMember):
        services.cross_inspection_assign(
            actor=users["cluster_staff"],
            term=term,
            period=period,
            inspecting_unit=other_province,
            inspected_unit=provinces[1],
        )


def test_reconcile_marks_sheets_assessed(users, computed, term, period, provinces):
    sheets = services.scores_reconcile(actor=users["cluster_staff"], term=term, period=period)
    by_unit = {s.unit_id: s for s in sheets}
    own = by_unit.pop(provinces[0].pk)
    assert {s.status for s in by_unit.values()} == {SheetStatus.ASSESSED}
    assert {(s.assessed_by, s.assessed_as) for s in by_unit.values()} == {(users["cluster_staff"], "leader")}
    assert own.status != SheetStatus.ASSESSED and own.assessed_by is None, "not the leader's own sheet"
    sheets = services.scores_reconcile(actor=users["board"], term=term, period=period)
    own = next(s for s in sheets if s.unit_id == provinces[0].pk)
    assert {s.status for s in sheets} == {SheetStatus.ASSESSED}
    assert (own.assessed_by, own.assessed_as) == (users["board"], "board")
    other = next(s for s in sheets if s.unit_id == provinces[1].pk)
    assert other.assessed_by == users["cluster_staff"], "a sheet closed before keeps who closed it"


def test_reconcile_refuses_an_adjusted_score_without_reason(
    users, computed, provinces, covenant, term, period
):
    target = line(computed[provinces[1].pk], covenant.criteria.a1)
    ScoreLine.objects.filter(pk=target.pk).update(assessed_points=D("10"), difference_reason="")
    with pytest.raises(DifferenceReasonMissing) as error:
        services.scores_reconcile(actor=users["cluster_staff"], term=term, period=period)
    assert "1.1" in str(error.value)


def test_unit_comments_on_its_own_sheet_only(users, computed, provinces):
    comment = services.sheet_comment_add(
        actor=users["unit_leader"], sheet=computed[provinces[1].pk], text="Đề nghị xem lại tiêu chí 1.2"
    )
    assert comment.author == users["unit_leader"]
    with pytest.raises(AccessDenied):
        services.sheet_comment_add(actor=users["officer"], sheet=computed[provinces[2].pk], text="?")


def test_locked_scores_change_only_after_a_recorded_reopening(
    users, computed, provinces, covenant, term, period
):
    services.scores_lock(
        actor=users["cluster_staff"],
        term=term,
        period=period,
        reason="Kết quả bỏ phiếu xếp loại ngày 16/7/2024",
    )
    target = line(computed[provinces[1].pk], covenant.criteria.a2)
    with pytest.raises(ScoresLocked):
        services.line_self_score(actor=users["officer"], line=target, points=5)
    with pytest.raises(ScoresLocked):
        services.adjustment_add(
            actor=users["cluster_staff"], sheet=computed[provinces[1].pk], kind="bonus", points=1, reason="x"
        )
    with pytest.raises(ScoresLocked):
        services.scores_lock(actor=users["cluster_staff"], term=term, period=period, reason="lần hai")
    assert ScoreSheet.objects.filter(term=term, period=period, is_locked=True).count() == 6
    with pytest.raises(ReasonRequired):
        services.scores_reopen(actor=users["cluster_staff"], term=term, period=period, reason="")
    lock = services.scores_reopen(
        actor=users["cluster_staff"], term=term, period=period, reason="Sai sót số liệu tiêu chí 1.2"
    )
    assert lock.reopen_reason == "Sai sót số liệu tiêu chí 1.2" and lock.reopened_by == users["cluster_staff"]
    services.line_self_score(actor=users["officer"], line=target, points=5)
    assert PeriodLock.objects.filter(term=term, period=period).count() == 1
    with pytest.raises(ScoresNotLocked):
        services.scores_reopen(actor=users["cluster_staff"], term=term, period=period, reason="x")


def test_unit_officer_cannot_lock(users, computed, term, period):
    with pytest.raises(AccessDenied):
        services.scores_lock(actor=users["officer"], term=term, period=period, reason="x")


def test_every_score_change_is_audited(users, computed, provinces, covenant):
    target = line(computed[provinces[1].pk], covenant.criteria.a2)
    services.line_self_score(actor=users["officer"], line=target, points=12)
    services.line_assess(actor=users["cluster_staff"], line=target, points=10, reason="Thiếu minh chứng")
    history = list(target.history.order_by("history_date").values_list("self_points", "assessed_points"))
    assert (D("12.00"), None) in history and history[-1] == (D("12.00"), D("10.00"))


def test_configuration_changes_rerank_and_reclassify(users, computed, provinces, ministry):
    services.scoring_config_update(
        actor=users["board"],
        owner=ministry,
        threshold_excellent=D("79"),
        threshold_good=D("70"),
        threshold_fair=D("60"),
        threshold_average=D("40"),
    )
    assert ScoreSheet.objects.get(unit=provinces[0]).band == "excellent"
    assert ScoringConfig.objects.get(owner=ministry).threshold_excellent == D("79")


def test_configuration_rejects_thresholds_not_decreasing(users, ministry):
    from thidua.scoring.errors import InvalidScoringConfig

    with pytest.raises(InvalidScoringConfig):
        services.scoring_config_update(actor=users["board"], owner=ministry, threshold_good=D("95"))
    with pytest.raises(InvalidScoringConfig):
        services.scoring_config_update(actor=users["board"], owner=ministry, tie_break=["shoe_size"])


def test_only_the_owner_board_configures(users, ministry):
    with pytest.raises(AccessDenied):
        services.scoring_config_update(actor=users["cluster_staff"], owner=ministry, bonus_cap=D("1"))


def test_adjustment_can_be_removed_and_totals_follow(users, computed, provinces):
    sheet = computed[provinces[0].pk]
    adjustment = services.adjustment_add(
        actor=users["board"],
        sheet=sheet,
        kind=AdjustmentKind.PENALTY,
        points=4,
        reason="Vụ việc phức tạp",
    )
    services.adjustment_delete(actor=users["board"], adjustment=adjustment)
    sheet.refresh_from_db()
    assert sheet.total == D("80.00") and not Adjustment.objects.filter(pk=adjustment.pk).exists()


def test_adjustment_evidence_must_be_a_real_document(users, computed, provinces):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from thidua.emulation.errors import UploadRejected

    fake = SimpleUploadedFile("quyet-dinh.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(UploadRejected):
        services.adjustment_add(
            actor=users["board"],
            sheet=computed[provinces[0].pk],
            kind="bonus",
            points=1,
            reason="Bằng khen",
            evidence=fake,
        )
    real = SimpleUploadedFile("quyet-dinh.pdf", b"%PDF-1.4 minimal", content_type="application/pdf")
    adjustment = services.adjustment_add(
        actor=users["board"],
        sheet=computed[provinces[0].pk],
        kind="bonus",
        points=1,
        reason="Bằng khen",
        evidence=real,
    )
    assert adjustment.evidence.name is not None
    assert adjustment.evidence.name.endswith(".pdf") and "quyet-dinh" not in adjustment.evidence.name
