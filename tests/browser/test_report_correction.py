"""Browser (issue 15, flows): a provincial officer finds a report returned for correction on the dashboard,
reads the reason on the report, corrects the numbers, saves, reloads (the values are kept, in inputs the
browser can read), and sends it again — at desktop and phone widths."""

import re
from decimal import Decimal

import pytest

from thidua.emulation import services
from thidua.emulation.models import PeriodReport, ReportValue, SubmissionStatus
from thidua.emulation.tests.factories import make_covenant, make_periods, make_registration

from .helpers import click_and_confirm

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Số vụ án phát hiện chưa khớp sổ thụ lý, đề nghị rà soát"


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)])
def test_officer_corrects_a_returned_report_and_sends_it_again(
    login_page, live_server, users, term, ministry, provinces, tmp_path, width, height
):
    covenant = make_covenant(term)
    periods = make_periods(ministry, 2024)
    unit, period = provinces[1], periods["q1"]
    targets = list(make_registration(term, unit, covenant).targets.order_by("order"))
    officer = users["officer"]
    # set-up through the services (not the point): filled in, sent, returned by the unit's leader
    report = services.report_open(actor=officer, term=term, unit=unit, period=period)
    services.report_save(
        actor=officer,
        report=report,
        values={targets[0].pk: Decimal("95"), targets[1].pk: Decimal("80.5"), targets[2].pk: Decimal("3")},
    )
    services.report_submit(actor=officer, report=report)
    services.report_return(actor=users["unit_leader"], report=report, reason=REASON)

    page = login_page(officer)
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/")
    returned = page.locator("#reminders li", has_text="Bị trả lại").first
    assert returned.is_visible()
    returned.locator("a").click()
    page.wait_for_selector("#report-form")
    assert f"Lý do trả lại: {REASON}" in page.inner_text("#workflow")
    assert page.input_value(f"#id_value_{targets[0].pk}") == "95.00"
    assert page.input_value(f"#id_value_{targets[1].pk}") == "80.50"
    page.screenshot(path=str(tmp_path / f"returned-{width}.png"), full_page=True)

    page.fill(f"#id_value_{targets[0].pk}", "112")
    page.fill(f"#id_value_{targets[1].pk}", "469204.8")
    page.click("#save-report")
    page.wait_for_selector(".alert >> text=Đã lưu báo cáo")
    page.reload()
    assert page.input_value(f"#id_value_{targets[0].pk}") == "112.00"
    assert page.input_value(f"#id_value_{targets[1].pk}") == "469204.80"
    assert "469.204,8" in page.inner_text("#values")  # shown with Vietnamese separators beside the input
    values = dict(ReportValue.objects.filter(report=report).values_list("target_id", "actual_value"))
    assert values[targets[0].pk] == Decimal("112") and values[targets[1].pk] == Decimal("469204.8")
    assert PeriodReport.objects.get(pk=report.pk).status == SubmissionStatus.RETURNED  # saved, not yet sent

    question = click_and_confirm(page, "#submit-report", "Lưu và gửi báo cáo")
    assert unit.name in question
    assert re.search(r"gửi|Đã", page.inner_text(".alert"))
    report.refresh_from_db()
    assert report.status == SubmissionStatus.SUBMITTED and report.submitted_at is not None
    assert page.locator("#save-report").count() == 0  # sent: no longer editable
    assert (
        page.locator(f"#id_value_{targets[0].pk}").count() == 0
        or page.locator(f"#id_value_{targets[0].pk}").is_disabled()
    )
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{overflow}px wider than the {width}px screen"
    page.screenshot(path=str(tmp_path / f"resubmitted-{width}.png"), full_page=True)
