"""Services: covenant lifecycle, submission flow, deadlines, evidence checks, permissions."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from thidua.core.errors import AccessDenied, InvalidTransition
from thidua.emulation import services
from thidua.emulation.errors import (
    CovenantExists,
    CovenantLocked,
    CovenantNotSigned,
    CovenantPointsMismatch,
    MissingValues,
    NotAMember,
    NotEditable,
    RegistrationNotAccepted,
    ReturnReasonRequired,
    UploadRejected,
)
from thidua.emulation.models import (
    Covenant,
    CovenantAmendment,
    Criterion,
    Evidence,
    PeriodDeadline,
    SubmissionStatus,
)
from thidua.emulation.tests.factories import make_covenant
from thidua.organisation.tests.factories import ClusterTermFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def test_covenant_create_adds_one_signatory_per_member_leader_first(users, term, provinces):
    covenant = services.covenant_create(actor=users["cluster_staff"], term=term, slogan="Đoàn kết, sáng tạo")
    units = [s.unit for s in covenant.signatories.all()]
    assert set(units) == set(provinces) and units[0] == term.leader
    with pytest.raises(CovenantExists):
        services.covenant_create(actor=users["cluster_staff"], term=term)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("admin", True),
        ("board", True),
        ("cluster_staff", True),
        ("officer", False),
        ("unit_leader", False),
        ("viewer", False),
        ("foreign_officer", False),
        ("nobody", False),
    ],
)
def test_only_term_managers_draw_up_the_covenant(users, term, role, allowed):
    if allowed:
        assert services.covenant_create(actor=users[role], term=term).pk
    else:
        with pytest.raises(AccessDenied):
            services.covenant_create(actor=users[role], term=term)
        assert not Covenant.objects.exists()


def test_signing_requires_points_to_add_up_to_the_total_R20(users, term):
    staff = users["cluster_staff"]
    covenant = services.covenant_create(actor=staff, term=term)
    group = services.group_add(actor=staff, covenant=covenant, code="I", title="Chuyên môn")
    services.criterion_add(
        actor=staff, group=group, code="1", title="Kiềm chế tội phạm", max_points=Decimal("60")
    )
    with pytest.raises(CovenantPointsMismatch):
        services.covenant_sign(actor=staff, covenant=covenant, signed_on=datetime.date(2024, 3, 1))
    services.criterion_add(
        actor=staff, group=group, code="2", title="Xây dựng lực lượng", max_points=Decimal("40")
    )
    signed = services.covenant_sign(
        actor=staff,
        covenant=covenant,
        signed_on=datetime.date(2024, 3, 1),
        signatories={term.leader_id: ("Đại tá Lâm Văn A", "Giám đốc")},
    )
    assert signed.is_signed and all(s.signed for s in signed.signatories.all())
    assert signed.signatories.get(unit=term.leader).signer_name == "Đại tá Lâm Văn A"


def test_signed_covenant_is_locked_and_changes_need_a_recorded_amendment(users, term, covenant):
    staff = users["cluster_staff"]
    criterion = Criterion.objects.get(group__covenant=covenant, code="1.1")
    with pytest.raises(CovenantLocked):
        services.criterion_update(actor=staff, criterion=criterion, max_points=Decimal("30"))
    with pytest.raises(CovenantLocked):
        services.group_add(actor=staff, covenant=covenant, code="III", title="Khác")
    other = Criterion.objects.get(group__covenant=covenant, code="1.2")
    amendments = services.covenant_amend(
        actor=staff,
        covenant=covenant,
        reason="Theo chỉ đạo của Bộ tại Hội nghị sơ kết",
        changes=[
            {"kind": "criterion", "id": criterion.pk, "fields": {"max_points": Decimal("30")}},
            {"kind": "criterion", "id": other.pk, "fields": {"max_points": Decimal("20")}},
        ],
    )
    assert len(amendments) == 2
    record = CovenantAmendment.objects.get(target_id=criterion.pk)
    assert record.before == {"max_points": "25.00"} and record.after == {"max_points": "30"}
    assert record.made_by == staff
    criterion.refresh_from_db()
    assert criterion.max_points == Decimal("30")
    assert criterion.history.count() >= 2  # audit trail: who/when/before/after


def test_amendment_that_breaks_the_total_is_refused_and_nothing_changes(users, covenant):
    criterion = Criterion.objects.get(group__covenant=covenant, code="1.1")
    with pytest.raises(CovenantPointsMismatch):
        services.covenant_amend(
            actor=users["cluster_staff"],
            covenant=covenant,
            reason="Tăng điểm",
            changes=[{"kind": "criterion", "id": criterion.pk, "fields": {"max_points": Decimal("35")}}],
        )
    criterion.refresh_from_db()
    assert criterion.max_points == Decimal("25") and not CovenantAmendment.objects.exists()


def test_draft_covenant_is_edited_directly_not_amended(users, term):
    covenant = make_covenant(term, signed=False)
    with pytest.raises(CovenantNotSigned):
        services.covenant_amend(
            actor=users["cluster_staff"],
            covenant=covenant,
            reason="x",
            changes=[{"kind": "covenant", "fields": {"slogan": "Mới"}}],
        )


def test_copy_from_last_year_copies_tree_and_rules_as_a_draft(users, term, ministry, provinces):
    previous = make_covenant(term)
    next_term = ClusterTermFactory(cluster=term.cluster, year=2025, members=provinces)
    next_term.leader = provinces[0]
    next_term.save()
    covenant = services.covenant_copy_from_previous(actor=users["cluster_staff"], term=next_term)
    assert covenant.copied_from == previous and not covenant.is_signed
    codes = list(Criterion.objects.filter(group__covenant=covenant).values_list("code", flat=True))
    assert sorted(codes) == ["1.1", "1.2", "2.1", "2.2"]
    assert services.criteria_points(covenant=covenant) == Decimal("100")


def test_registration_flow_submit_approve_accept(users, term, provinces, covenant):
    officer, leader, staff = users["officer"], users["unit_leader"], users["cluster_staff"]
    registration = services.registration_open(actor=officer, term=term, unit=provinces[1])
    criterion = Criterion.objects.get(group__covenant=covenant, code="1.1")
    services.target_add(
        actor=officer,
        registration=registration,
        indicator="Số vụ án được khám phá",
        unit_of_measure="vụ",
        target_value=Decimal("300"),
        criterion=criterion,
    )
    with pytest.raises(AccessDenied):  # the officer cannot approve
        services.registration_approve(actor=officer, registration=registration)
    services.registration_submit(actor=officer, registration=registration)
    with pytest.raises(NotEditable):
        services.target_add(
            actor=officer,
            registration=registration,
            indicator="x",
            unit_of_measure="vụ",
            target_value=Decimal("1"),
        )
    with pytest.raises(InvalidTransition):  # staff cannot accept before the leader approves
        services.registration_accept(actor=staff, registration=registration)
    services.registration_approve(actor=leader, registration=registration)
    accepted = services.registration_accept(actor=staff, registration=registration)
    assert accepted.status == SubmissionStatus.ACCEPTED and accepted.accepted_by == staff
    assert accepted.history.count() >= 4


def test_return_needs_a_reason_and_reopens_for_editing(users, term, provinces, covenant):
    officer = users["officer"]
    registration = services.registration_open(actor=officer, term=term, unit=provinces[1])
    services.target_add(
        actor=officer,
        registration=registration,
        indicator="Chỉ tiêu",
        unit_of_measure="vụ",
        target_value=Decimal("10"),
    )
    services.registration_submit(actor=officer, registration=registration)
    services.registration_approve(actor=users["unit_leader"], registration=registration)
    with pytest.raises(ReturnReasonRequired):
        services.registration_return(actor=users["cluster_staff"], registration=registration, reason=" ")
    with pytest.raises(AccessDenied):  # approved: only the cluster leader's staff may return it
        services.registration_return(actor=users["unit_leader"], registration=registration, reason="Sai")
    returned = services.registration_return(
        actor=users["cluster_staff"], registration=registration, reason="Chỉ tiêu thấp hơn năm trước"
    )
    assert returned.status == SubmissionStatus.RETURNED and returned.return_reason
    services.target_add(
        actor=officer,
        registration=returned,
        indicator="Bổ sung",
        unit_of_measure="vụ",
        target_value=Decimal("5"),
    )
    assert (
        services.registration_submit(actor=officer, registration=returned).status
        == SubmissionStatus.SUBMITTED
    )


def test_foreign_unit_and_non_member_cannot_register(users, term, other_province, provinces, make_user):
    with pytest.raises(AccessDenied):
        services.registration_open(actor=users["foreign_officer"], term=term, unit=provinces[1])
    with pytest.raises(NotAMember):
        services.registration_open(actor=users["foreign_officer"], term=term, unit=other_province)


def test_report_needs_an_accepted_registration(users, term, provinces, covenant, periods):
    services.registration_open(actor=users["officer"], term=term, unit=provinces[1])
    with pytest.raises(RegistrationNotAccepted):
        services.report_open(actor=users["officer"], term=term, unit=provinces[1], period=periods["q1"])


def test_report_flow_with_values_deadline_and_late_flag(users, term, provinces, registration, periods):
    officer = users["officer"]
    report = services.report_open(actor=officer, term=term, unit=provinces[1], period=periods["q1"])
    targets = list(registration.targets.all())
    services.report_save(
        actor=officer,
        report=report,
        values={targets[0].pk: Decimal("120")},
        narrative_professional="Kiềm chế tội phạm",
    )
    with pytest.raises(MissingValues):
        services.report_submit(actor=officer, report=report)
    services.report_save(
        actor=officer, report=report, values={targets[1].pk: Decimal("82"), targets[2].pk: Decimal("0")}
    )
    PeriodDeadline.objects.create(term=term, period=periods["q1"], due_date=datetime.date(2024, 4, 5))
    late_time = timezone.make_aware(datetime.datetime(2024, 4, 8, 9, 0))
    submitted = services.report_submit(actor=officer, report=report, now=late_time)
    assert submitted.is_late and submitted.due_date == datetime.date(2024, 4, 5)
    services.report_approve(actor=users["unit_leader"], report=report)
    accepted = services.report_accept(actor=users["cluster_staff"], report=report)
    assert accepted.status == SubmissionStatus.ACCEPTED
    assert accepted.values.count() == 3


def test_report_on_time_uses_owner_default_deadline(users, term, provinces, registration, periods):
    report = services.report_open(actor=users["officer"], term=term, unit=provinces[1], period=periods["q1"])
    services.report_save(
        actor=users["officer"], report=report, values={t.pk: Decimal("1") for t in registration.targets.all()}
    )
    on_time = timezone.make_aware(datetime.datetime(2024, 4, 10, 16, 0))
    assert not services.report_submit(actor=users["officer"], report=report, now=on_time).is_late


def test_values_of_another_units_targets_are_refused(users, term, provinces, registration, covenant, periods):
    from thidua.emulation.errors import TargetNotInReport
    from thidua.emulation.tests.factories import make_registration

    foreign = make_registration(term, provinces[2], covenant)
    report = services.report_open(actor=users["officer"], term=term, unit=provinces[1], period=periods["q1"])
    with pytest.raises(TargetNotInReport):
        services.report_save(
            actor=users["officer"], report=report, values={foreign.targets.all()[0].pk: Decimal("5")}
        )


def test_evidence_is_stored_under_a_random_name_with_checked_type(
    users, term, provinces, registration, periods
):
    report = services.report_open(actor=users["officer"], term=term, unit=provinces[1], period=periods["q1"])
    upload = SimpleUploadedFile("../../báo cáo quý 1.pdf", PDF, content_type="text/html")
    evidence = services.evidence_upload(actor=users["officer"], report=report, uploaded=upload)
    assert evidence.original_name == "báo cáo quý 1.pdf"
    assert evidence.content_type == "application/pdf"  # decided by us, not by the browser
    assert evidence.file.name is not None
    assert evidence.file.name.startswith("evidence/") and "bao" not in evidence.file.name
    assert evidence.file.name.endswith(".pdf") and ".." not in evidence.file.name


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("bao-cao.exe", b"MZ\x90\x00", "không đúng định dạng"),
        ("bao-cao.pdf", b"<html><script>alert(1)</script>", "không khớp"),
        ("anh.png", b"%PDF-1.4 not a png", "không khớp"),
        ("rong.pdf", b"", "rỗng"),
    ],
)
def test_bad_evidence_is_refused_and_nothing_saved(
    users, term, provinces, registration, periods, name, content, fragment
):
    report = services.report_open(actor=users["officer"], term=term, unit=provinces[1], period=periods["q1"])
    with pytest.raises(UploadRejected) as error:
        services.evidence_upload(
            actor=users["officer"], report=report, uploaded=SimpleUploadedFile(name, content)
        )
    assert fragment in str(error.value)
    assert not Evidence.objects.exists()


def test_zip_renamed_to_docx_is_refused(users, term, provinces, registration, periods):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("payload.js", "alert(1)")
    report = services.report_open(actor=users["officer"], term=term, unit=provinces[1], period=periods["q1"])
    with pytest.raises(UploadRejected, match="tệp chương trình “payload.js”"):
        services.evidence_upload(
            actor=users["officer"],
            report=report,
            uploaded=SimpleUploadedFile("to-trinh.docx", buffer.getvalue()),
        )
    assert not Evidence.objects.exists()


def test_oversized_evidence_is_refused(users, term, provinces, registration, periods, settings):
    settings.THIDUA_MAX_UPLOAD_BYTES = 100
    report = services.report_open(actor=users["officer"], term=term, unit=provinces[1], period=periods["q1"])
    with pytest.raises(UploadRejected, match="vượt mức"):
        services.evidence_upload(
            actor=users["officer"], report=report, uploaded=SimpleUploadedFile("lon.pdf", PDF + b"0" * 200)
        )
    assert not Evidence.objects.exists()


def test_evidence_cannot_be_added_after_submission(users, term, provinces, registration, periods):
    officer = users["officer"]
    report = services.report_open(actor=officer, term=term, unit=provinces[1], period=periods["q1"])
    services.report_save(
        actor=officer, report=report, values={t.pk: Decimal("1") for t in registration.targets.all()}
    )
    services.report_submit(actor=officer, report=report)
    with pytest.raises(NotEditable):
        services.evidence_upload(actor=officer, report=report, uploaded=SimpleUploadedFile("a.pdf", PDF))


def test_initiative_search_key_is_folded(users, provinces):
    initiative = services.initiative_create(
        actor=users["officer"],
        unit=provinces[1],
        kind="model",
        name="Tổ công tác đặc biệt 123",
        year=2024,
        replicated_to=[provinces[2], provinces[1]],
    )
    assert "to cong tac dac biet 123" in initiative.search_key
    assert list(initiative.replicated_to.all()) == [provinces[2]]
    with pytest.raises(AccessDenied):
        services.initiative_create(
            actor=users["foreign_officer"], unit=provinces[1], kind="model", name="X", year=2024
        )
