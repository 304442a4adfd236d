"""Issue 15.9: what the official minutes say. The vote-count minutes give each unit's grade with the
votes per grade and name the count committee's chair; no system note is ever printed; the tally's
time is not put on the conference's date. The conference minutes state the classification and name
the secretary and the chair who sign."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.conferences.models import AttendeeRole, ConferenceChair
from thidua.conferences.tests.factories import AttendeeFactory, ConferenceFactory
from thidua.documents.models import GeneratedDocument
from thidua.voting import services as voting
from thidua.voting.models import VoterCode

from .docx_checks import body_text, open_docx

pytestmark = pytest.mark.django_db

NOTE = "Hội nghị chưa gắn với kỳ thi đua: chưa khóa điểm."


@pytest.fixture
def classified(term, users, provinces):
    """A published classification ballot of a conference without a period (so the ballot carries the
    system note "chưa khóa điểm"): Sóc Trăng 5 × Xuất sắc + 1 × Tốt, Tiền Giang 6 × Tốt."""
    secretary = users["cluster_staff"]
    conference = ConferenceFactory(term=term, host=term.deputy, period=None)
    for unit in provinces:
        AttendeeFactory(conference=conference, unit=unit)
    AttendeeFactory(
        conference=conference,
        unit=provinces[1],
        name="Lê Thị Thu",
        rank="Thiếu tá",
        role=AttendeeRole.SECRETARY,
        is_voter=False,
    )
    ConferenceChair.objects.create(
        conference=conference, unit=provinces[0], name="Nguyễn Văn Minh", rank="Đại tá"
    )
    ballot = voting.ballot_create(
        actor=secretary,
        conference=conference,
        kind="classification",
        title="Xếp loại thi đua",
        units=provinces[:2],
    )
    voting.ballot_set_committee(
        actor=secretary,
        ballot=ballot,
        tally_chair="Thượng tá Phạm Văn Bình",
        tally_committee=["Trung tá Võ Thị Lan"],
    )
    ballot = voting.ballot_open(actor=secretary, ballot=ballot)
    first, second = ballot.options.order_by("order")
    codes = VoterCode.objects.filter(ballot=ballot).order_by("pk").values_list("code", flat=True)
    for index, code in enumerate(codes):
        voting.vote_cast(
            code=code, choices={first.pk: "excellent" if index < 5 else "good", second.pk: "good"}
        )
    voting.ballot_close(actor=secretary, ballot=ballot)
    voting.ballot_tally(actor=secretary, ballot=ballot, shares=[s.text for s in ballot.issued_shares])
    ballot = voting.ballot_publish(actor=secretary, ballot=ballot)
    assert NOTE in ballot.outcome_note  # the system note exists: the paper must leave it out
    return ballot


def _generated_text(client, users, kind, source_id) -> str:
    client.force_login(users["cluster_staff"])
    response = client.post(reverse("documents:generate", args=[kind, source_id]))
    assert response.status_code == 302
    document = GeneratedDocument.objects.get(kind=kind)
    with document.docx.open("rb") as handle:
        return body_text(open_docx(handle.read()))


def test_vote_count_minutes_give_each_grade_and_its_votes_name_the_chair_and_print_no_system_note(
    client, users, classified
):
    text = _generated_text(client, users, "vote_count_minutes", classified.pk)
    assert "Số phiếu Xuất sắc" in text and "Số phiếu Tốt" in text
    assert "Công an tỉnh Sóc Trăng: Xuất sắc" in text and "Công an tỉnh Tiền Giang: Tốt" in text
    assert "Thượng tá Phạm Văn Bình" in text and "Trưởng ban" in text
    assert "chưa khóa điểm" not in text and "kỳ thi đua:" not in text


def test_vote_count_minutes_do_not_put_a_later_tally_time_on_the_conference_date(client, users, classified):
    text = _generated_text(client, users, "vote_count_minutes", classified.pk)
    tallied = timezone.localtime(classified.closed_at or classified.tallied_at).date()
    assert tallied != datetime.date(2024, 7, 16)
    opening = next(line for line in text.splitlines() if line.startswith("Vào hồi"))
    assert "ngày 16 tháng 7 năm 2024" not in opening and f"năm {tallied.year}" in opening


def test_conference_minutes_state_the_classification_and_name_secretary_and_chair(client, users, classified):
    text = _generated_text(client, users, "conference_minutes", classified.conference_id)
    assert "thống nhất xếp loại Công an tỉnh Sóc Trăng: Xuất sắc; Công an tỉnh Tiền Giang: Tốt" in text
    assert "THƯ KÝ" in text and "Thiếu tá Lê Thị Thu" in text
    assert "CHỦ TRÌ HỘI NGHỊ" in text and "Đại tá Nguyễn Văn Minh" in text
    assert "chưa khóa điểm" not in text


def _grade_rows(client, users, ballot) -> dict[str, list[str]]:
    client.force_login(users["cluster_staff"])
    assert (
        client.post(reverse("documents:generate", args=["vote_count_minutes", ballot.pk])).status_code == 302
    )
    document = GeneratedDocument.objects.get(kind="vote_count_minutes")
    with document.docx.open("rb") as handle:
        paper = open_docx(handle.read())
    table = next(t for t in paper.tables if any(c.text == "Số phiếu Xuất sắc" for c in t.rows[0].cells))
    return {row.cells[1].text: [cell.text for cell in row.cells[2:]] for row in table.rows[1:]}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_vote_count_minutes_count_the_votes_per_grade_in_any_ui_language(client, users, classified, language):
    """The reader's UI language does not change the official paper: the per-grade columns are counted
    (an English UI once printed 0 votes for every grade) and the paper stays in Vietnamese."""
    client.cookies["django_language"] = language
    rows = _grade_rows(client, users, classified)
    # columns: Xuất sắc, Tốt, Khá, Trung bình, then the grade given
    assert rows["Công an tỉnh Sóc Trăng"] == ["5", "1", "0", "0", "Xuất sắc"]
    assert rows["Công an tỉnh Tiền Giang"] == ["0", "6", "0", "0", "Tốt"]


def test_vote_count_minutes_state_the_sealed_box_figures(client, users, classified):
    """R14: the minutes say how the sealed electronic ballots were opened (shares of the committee's key,
    ballots opened) and print the tracker list's check mark, so the paper can be compared to the
    published trackers."""
    text = _generated_text(client, users, "vote_count_minutes", classified.pk)
    line = next(line for line in text.splitlines() if line.startswith("- Hộp phiếu điện tử"))
    assert f"{classified.seal_threshold}/{classified.committee_size} thành viên" in line
    assert f"số mảnh khóa đã xuất trình: {classified.shares_presented}" in line
    assert "số phiếu điện tử đã mở: 06 (sáu)" in line
    assert classified.tracker_fingerprint[:16].upper() in text
