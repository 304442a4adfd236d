"""The dashboard's to-do list and the cluster grid keep overdue and returned work until it is done (15.6)."""

import datetime

import pytest
from django.urls import reverse

from thidua.emulation import selectors
from thidua.emulation.models import PeriodReport, SubmissionStatus, TargetRegistration

pytestmark = pytest.mark.django_db


def test_an_overdue_report_stays_on_the_to_do_list_long_after_its_deadline(
    users, term, registration, periods
):
    # Q1/2024 was due on 10/04/2024; 200 days later it is still not sent
    items = selectors.reminders(actor=users["officer"], today=datetime.date(2024, 10, 27))
    overdue = [r for r in items if r.kind == "overdue" and "Quý 1/2024" in r.text]
    assert overdue and overdue[0].due_date == datetime.date(2024, 4, 10)


def test_a_returned_report_stays_with_its_reason_until_sent_again(
    users, term, provinces, registration, periods
):
    PeriodReport.objects.create(
        term=term,
        unit=provinces[1],
        period=periods["q1"],
        status=SubmissionStatus.RETURNED,
        return_reason="Thiếu số liệu chỉ tiêu 2",
    )
    items = selectors.reminders(actor=users["officer"], today=datetime.date(2024, 9, 1))
    returned = [r for r in items if r.kind == "returned"]
    assert len(returned) == 1
    assert "Quý 1/2024" in returned[0].text and "Thiếu số liệu chỉ tiêu 2" in returned[0].text
    assert not [r for r in items if r.kind == "overdue" and "Quý 1/2024" in r.text]  # listed once
    PeriodReport.objects.filter(period=periods["q1"]).update(status=SubmissionStatus.SUBMITTED)
    items = selectors.reminders(actor=users["officer"], today=datetime.date(2024, 9, 1))
    assert not [r for r in items if r.kind == "returned"]


def test_a_returned_registration_is_on_the_to_do_list(users, term, provinces, registration):
    TargetRegistration.objects.filter(pk=registration.pk).update(
        status=SubmissionStatus.RETURNED, return_reason="Chỉ tiêu 3 chưa có đơn vị tính"
    )
    items = selectors.reminders(actor=users["officer"], today=datetime.date(2024, 3, 1))
    returned = [r for r in items if r.kind == "returned"]
    assert returned and "đăng ký chỉ tiêu" in returned[0].text and "đơn vị tính" in returned[0].text
    assert returned[0].url_args == ("registration", term.pk, provinces[1].pk)


def test_the_dashboard_shows_returned_work_not_an_empty_list(
    client, users, term, provinces, registration, periods
):
    PeriodReport.objects.create(
        term=term,
        unit=provinces[1],
        period=periods["q1"],
        status=SubmissionStatus.RETURNED,
        return_reason="Sai số liệu",
    )
    client.force_login(users["officer"])
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "Bị trả lại" in page and "Sai số liệu" in page
    assert "Không có việc tồn đọng" not in page


def test_the_cluster_grid_marks_missing_overdue_reports_qua_han(
    client, users, term, provinces, registration, periods
):
    PeriodReport.objects.create(
        term=term, unit=provinces[1], period=periods["q1"], status=SubmissionStatus.ACCEPTED
    )
    client.force_login(users["cluster_staff"])
    page = client.get(reverse("emulation:term", args=[term.pk])).content.decode()
    grid = page[page.index('id="member-status"') :]
    grid = grid[: grid.index("</table>")]
    rows = {p.display_name: row for p in provinces for row in grid.split("<tr>") if p.display_name in row}
    # Q1..Q4, half-year and year 2024 are all past due today: every missing one says so
    assert rows[provinces[2].display_name].count("quá hạn") == 6
    assert rows[provinces[1].display_name].count("quá hạn") == 5  # Q1 was accepted
