"""17.2 — a proposal climbs level by level: each level's desk receives, appraises, returns with a reason or
forwards a consolidated batch upward; the level holding the authority decides; every move is logged."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from thidua.awards import selectors, services
from thidua.awards.errors import NotDecidedHere, NothingToForward, ReturnReasonMissing
from thidua.awards.models import (
    BatchStatusLog,
    CandidateStatus,
    ProposalBatch,
    ProposalLevel,
    ProposalStatus,
)
from thidua.core.errors import AccessDenied, InvalidTransition, ValidationFailed
from thidua.core.versioning import StaleWrite
from thidua.organisation.models import Role, UnitKind
from thidua.organisation.tests.factories import UnitFactory

from .factories import BatchFactory

pytestmark = pytest.mark.django_db
S = ProposalStatus


@pytest.fixture
def province(provinces):
    return provinces[1]  # Tiền Giang: officer, unit_leader and viewer grants sit here


@pytest.fixture
def departments(province):
    return [
        UnitFactory(parent=province, kind=UnitKind.PROVINCIAL_DEPARTMENT, name=name, short_name=name)
        for name in ("Phòng Cảnh sát hình sự", "Phòng Cảnh sát giao thông")
    ]


@pytest.fixture
def province_board(make_user, province):
    return make_user(Role.BOARD, province, full_name="Trần Thị Thường Trực")


def _department_batch(users, seeded, department, awards=("BK-BCA-TT",)):
    batch = services.batch_create(
        actor=users["officer"],
        title=f"{department.name} đề nghị khen thưởng 2024",
        year=2024,
        unit=department,
    )
    for code in awards:
        services.candidate_add(
            actor=users["officer"],
            batch=batch,
            award_type=seeded[code],
            unit=department,
            achievement=f"{department.name}: thành tích {code} năm 2024",
        )
    return batch


def _send(users, batch):
    services.batch_transition(actor=users["officer"], batch=batch, target=S.PENDING_LEADER)
    return services.batch_transition(actor=users["unit_leader"], batch=batch, target=S.SENT)


def _appraise(desk, batch, today=datetime.date(2024, 11, 20)):
    services.batch_transition(actor=desk, batch=batch, target=S.IN_REVIEW, today=today)
    services.batch_transition(actor=desk, batch=batch, target=S.COUNCIL)
    return services.batch_transition(actor=desk, batch=batch, target=S.SUBMITTED)


def _actions(batch):
    return list(batch.log.order_by("created_at", "pk").values_list("action", "from_status", "to_status"))


def test_levels_follow_the_receiving_unit(seeded, users, province, departments, ministry):
    """unit → provincial council (Công an tỉnh / Cục) → Ministry; the Ministry forwards to the state level."""
    lower = _department_batch(users, seeded, departments[0])
    assert (lower.reviewer, lower.level) == (province, ProposalLevel.PROVINCE)
    upper = services.batch_create(actor=users["officer"], title="Tỉnh đề nghị", year=2024, unit=province)
    assert (upper.reviewer, upper.level) == (ministry, ProposalLevel.MINISTRY)
    assert _actions(lower) == [("start", "", "draft")]


def test_consolidated_batch_gathers_accepted_candidates_of_several_lower_batches(
    seeded, users, province, departments, province_board, ministry
):
    """17.2: the province's desk decides its Director's awards and forwards the Minister's, gathered in one
    batch to the Ministry that keeps each candidate's origin; the Ministry's decision closes the origins."""
    first = _department_batch(users, seeded, departments[0], awards=("BK-BCA-TT", "GK-GD-TT"))
    second = _department_batch(users, seeded, departments[1])
    for batch in (first, second):
        _send(users, batch)
        _appraise(province_board, batch)
    with pytest.raises(NotDecidedHere):  # the Minister's Bằng khen is not decided at the provincial level
        services.decision_register(
            actor=province_board,
            number="9/QĐ-BCA",
            signed_on=datetime.date(2024, 12, 20),
            signer_name="Nguyễn Văn Giám",
            signer_title="Bộ trưởng",
            authority="Bộ trưởng Bộ Công an",
            summary="x",
            batch=second,
        )
    upper = services.batch_forward(actor=province_board, batch=first)
    assert services.batch_forward(actor=province_board, batch=second) == upper  # one consolidated batch
    assert (upper.unit, upper.reviewer, upper.level, upper.is_consolidated, upper.status) == (
        province,
        ministry,
        ProposalLevel.MINISTRY,
        True,
        S.DRAFT,
    )
    assert sorted(upper.candidates.values_list("origin__batch_id", flat=True)) == sorted(
        [first.pk, second.pk]
    )
    first.refresh_from_db(), second.refresh_from_db()
    assert first.status == S.SUBMITTED  # the Giấy khen of the Director is still to be decided here
    assert second.status == S.FORWARDED
    assert first.candidates.get(award_type__code="BK-BCA-TT").status == CandidateStatus.FORWARDED
    with pytest.raises(NothingToForward):
        services.batch_forward(actor=province_board, batch=first)
    services.decision_register(
        actor=province_board,
        number="10/QĐ-CAT",
        signed_on=datetime.date(2024, 12, 20),
        signer_name="Nguyễn Văn Giám",
        signer_title="Giám đốc",
        authority="Giám đốc Công an tỉnh Tiền Giang",
        summary="Tặng Giấy khen",
        batch=first,
    )
    # the province's leader sends the consolidated batch; the Ministry's desk appraises and the Minister decides
    services.batch_transition(actor=province_board, batch=upper, target=S.PENDING_LEADER)
    services.batch_transition(actor=users["unit_leader"], batch=upper, target=S.SENT)
    with pytest.raises(AccessDenied):  # the province's desk is not the Ministry's
        services.batch_transition(actor=province_board, batch=upper, target=S.IN_REVIEW)
    _appraise(users["board"], upper)
    services.decision_register(
        actor=users["board"],
        number="118/QĐ-BCA",
        signed_on=datetime.date(2025, 1, 15),
        signer_name="Lương Tam Quang",
        signer_title="Bộ trưởng",
        authority="Bộ trưởng Bộ Công an",
        summary="Tặng Bằng khen",
        batch=upper,
    )
    second.refresh_from_db()
    assert second.status == S.DECIDED
    assert second.candidates.get().status == CandidateStatus.AWARDED
    assert _actions(second)[-2:] == [
        ("forward", "submitted", "forwarded"),
        ("decide", "forwarded", "decided"),
    ]
    assert [a for a, *_ in _actions(upper)] == [
        "start", "submit", "send", "receive", "appraise", "conclude", "decide"
    ]  # fmt: skip


def test_return_needs_a_reason_comes_back_to_the_sender_and_is_resubmitted(
    seeded, users, departments, province_board
):
    batch = _send(users, _department_batch(users, seeded, departments[0]))
    services.batch_transition(actor=province_board, batch=batch, target=S.IN_REVIEW)
    for hostile in ("", "   ", "x" * 4001, "thiếu\x00báo cáo"):
        with pytest.raises((ReturnReasonMissing, ValidationFailed)):
            services.batch_transition(actor=province_board, batch=batch, target=S.RETURNED, reason=hostile)
    batch.refresh_from_db()
    assert batch.status == S.IN_REVIEW and batch.log.count() == 4
    services.batch_transition(
        actor=province_board, batch=batch, target=S.RETURNED, reason="Thiếu báo cáo thành tích"
    )
    batch.refresh_from_db()
    assert batch.status == S.RETURNED and batch.due_on is None
    todo = selectors.returned_to_me(actor=users["officer"])
    assert [(item["batch"], item["log"].reason) for item in todo] == [(batch, "Thiếu báo cáo thành tích")]
    assert selectors.returned_to_me(actor=users["foreign_officer"]) == []
    services.candidate_add(  # the sender may complete the list again
        actor=users["officer"],
        batch=batch,
        award_type=seeded["GK-GD-TT"],
        unit=departments[0],
        achievement="Bổ sung: thành tích chuyên đề",
    )
    services.batch_transition(actor=users["officer"], batch=batch, target=S.PENDING_LEADER)
    assert selectors.returned_to_me(actor=users["officer"]) == []
    row = batch.log.get(action="return")
    assert (row.from_status, row.to_status, row.unit, row.actor) == (
        "in_review",
        "returned",
        batch.reviewer,
        province_board,
    )
    assert _actions(batch)[-1] == ("resubmit", "returned", "pending_leader")


def test_nobody_appraises_their_own_units_proposal(seeded, users, departments, province, make_user):
    """The desk user who also works in the proposing department may not receive its proposal (separation)."""
    desk_and_member = make_user(Role.BOARD, province)
    from thidua.organisation.tests.factories import UnitRoleFactory

    UnitRoleFactory(user=desk_and_member, unit=departments[0], role=Role.OFFICER)
    batch = _send(users, _department_batch(users, seeded, departments[0]))
    with pytest.raises(AccessDenied) as refused:
        services.batch_transition(actor=desk_and_member, batch=batch, target=S.IN_REVIEW)
    assert "chính đơn vị mình" in str(refused.value)
    batch.refresh_from_db()
    assert batch.status == S.SENT


def test_receipt_starts_the_levels_deadline_and_overdue_is_shown(
    client, seeded, users, departments, province_board
):
    batch = _send(users, _department_batch(users, seeded, departments[0]))
    batch = services.batch_transition(
        actor=province_board, batch=batch, target=S.IN_REVIEW, today=datetime.date(2024, 8, 26)
    )
    assert batch.due_on == datetime.date(2024, 10, 9)  # 30 working days, 2 and 3/9 are holidays
    assert batch.is_late_on(datetime.date(2024, 10, 10)) and not batch.is_late_on(datetime.date(2024, 10, 9))
    client.force_login(province_board)
    body = client.get(reverse("awards:batch_detail", args=[batch.pk])).content.decode()
    assert "Quá hạn xử lý" in body  # today is past 9/10/2024
    assert selectors.due_list(actor=province_board)[0]["is_late"] is True


def test_stale_version_gives_409_and_changes_nothing(seeded, users, departments, province_board):
    batch = _send(users, _department_batch(users, seeded, departments[0]))
    seen = ProposalBatch.objects.get(pk=batch.pk).version
    services.batch_transition(actor=province_board, batch=batch, target=S.IN_REVIEW, version=seen)
    with pytest.raises(StaleWrite):
        services.batch_transition(
            actor=province_board, batch=batch, target=S.RETURNED, reason="Thiếu hồ sơ", version=seen
        )
    with pytest.raises(InvalidTransition):  # the same step twice
        services.batch_transition(actor=province_board, batch=batch, target=S.IN_REVIEW)
    batch.refresh_from_db()
    assert batch.status == S.IN_REVIEW and batch.log.filter(action="return").count() == 0


def test_migration_gives_existing_batches_their_level_and_a_first_log_row(seeded, province, ministry):
    batch = BatchFactory(unit=province, reviewer=ministry, status=S.COUNCIL, level=ProposalLevel.UNIT)
    batch.log.all().delete()
    module = importlib.import_module("thidua.awards.migrations.0014_proposal_levels_status_log")
    module._existing_batches(django_apps, None)
    batch.refresh_from_db()
    row = BatchStatusLog.objects.get(batch=batch)
    assert batch.level == ProposalLevel.MINISTRY
    assert (row.action, row.from_status, row.to_status, row.unit_id) == ("start", "", "council", province.pk)


# -- pages and API -----------------------------------------------------------------------------------


def test_page_return_with_reason_and_log_rows_as_shown(client, seeded, users, departments, province_board):
    batch = _send(users, _department_batch(users, seeded, departments[0]))
    client.force_login(province_board)
    url = reverse("awards:batch_transition", args=[batch.pk])
    body = client.get(reverse("awards:batch_detail", args=[batch.pk])).content.decode()
    assert "Tiếp nhận hồ sơ" in body and 'id="return-form"' in body
    client.post(url, {"target": "in_review", "version": ProposalBatch.objects.get(pk=batch.pk).version})
    client.post(url, {"target": "returned", "reason": ""})
    refused = client.get(reverse("awards:batch_detail", args=[batch.pk])).content.decode()
    assert "Cần ghi lý do trả lại" in refused
    client.post(url, {"target": "returned", "reason": "Thiếu biên bản họp"})
    batch.refresh_from_db()
    assert batch.status == S.RETURNED
    body = client.get(reverse("awards:batch_detail", args=[batch.pk])).content.decode()
    assert "Trả lại đơn vị gửi" in body and "Thiếu biên bản họp" in body
    assert "Cụm / Thường trực thẩm định → Bị trả lại" in body
    client.force_login(users["officer"])
    dashboard = client.get("/").content.decode()
    assert "hồ sơ bị trả lại" in dashboard and "Thiếu biên bản họp" in dashboard


def test_page_forward_button_creates_the_upper_batch(client, seeded, users, departments, province_board):
    batch = _appraise(province_board, _send(users, _department_batch(users, seeded, departments[0])))
    client.force_login(province_board)
    assert 'id="forward"' in client.get(reverse("awards:batch_detail", args=[batch.pk])).content.decode()
    response = client.post(reverse("awards:batch_transition", args=[batch.pk]), {"target": "forwarded"})
    assert response.status_code == 302
    batch.refresh_from_db()
    upper = ProposalBatch.objects.get(is_consolidated=True)
    origin = upper.candidates.get().origin
    assert batch.status == S.FORWARDED and origin is not None and origin.batch == batch
    body = client.get(reverse("awards:batch_detail", args=[upper.pk])).content.decode()
    assert batch.title in body  # "Tổng hợp từ đề nghị" links the origin


def test_api_transition_forward_and_log(client, seeded, users, departments, province_board):
    batch = _send(users, _department_batch(users, seeded, departments[0]))
    base = f"/api/v1/awards/proposals/{batch.pk}"
    client.force_login(users["unit_leader"])
    assert (
        client.post(
            f"{base}/transition", {"target": "in_review"}, content_type="application/json"
        ).status_code
        == 403
    )
    client.force_login(province_board)
    received = client.post(f"{base}/transition", {"target": "in_review"}, content_type="application/json")
    assert received.status_code == 200 and received.json()["level"] == "province"
    version = received.json()["version"]
    no_reason = client.post(f"{base}/transition", {"target": "returned"}, content_type="application/json")
    assert no_reason.status_code == 422 and no_reason.json()["code"] == "return_reason_missing"
    nul = client.post(
        f"{base}/transition", {"target": "returned", "reason": "a\x00b"}, content_type="application/json"
    )
    assert nul.status_code == 422
    stale = client.post(
        f"{base}/transition",
        {"target": "council", "version": version - 1},
        content_type="application/json",
    )
    assert stale.status_code == 409 and stale.json()["code"] == "stale_write"
    for target in ("council", "submitted"):
        assert (
            client.post(f"{base}/transition", {"target": target}, content_type="application/json").status_code
            == 200
        )
    forwarded = client.post(f"{base}/forward", {}, content_type="application/json")
    assert forwarded.status_code == 201 and forwarded.json()["level"] == "ministry"
    assert forwarded.json()["is_consolidated"] is True
    again = client.post(f"{base}/forward", {}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"
    log = client.get(f"{base}/log").json()
    assert [(r["action"], r["from_status"], r["to_status"]) for r in log] == [
        ("start", "", "draft"),
        ("submit", "draft", "pending_leader"),
        ("send", "pending_leader", "sent"),
        ("receive", "sent", "in_review"),
        ("appraise", "in_review", "council"),
        ("conclude", "council", "submitted"),
        ("forward", "submitted", "forwarded"),
    ]
    assert log[3]["actor"] == "Trần Thị Thường Trực" and log[3]["unit"] == departments[0].parent.name
    assert log[-1]["related_batch_id"] == forwarded.json()["id"]
    client.force_login(users["foreign_officer"])
    assert client.get(f"{base}/log").status_code == 404
    assert client.post(f"{base}/forward", {}, content_type="application/json").status_code == 404
