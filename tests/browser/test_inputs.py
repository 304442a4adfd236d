"""Browser (issue 13.2): an officer's decimals survive reload → save, also after the report is returned."""

from decimal import Decimal

import pytest

from thidua.emulation import services
from thidua.emulation.models import PeriodReport, ReportValue
from thidua.emulation.tests.factories import make_covenant, make_periods, make_registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _values(report):
    return dict(ReportValue.objects.filter(report=report).values_list("target_id", "actual_value"))


def test_saved_decimals_stay_in_the_inputs_and_a_second_save_changes_nothing(
    login_page, live_server, users, term, ministry, provinces
):
    covenant = make_covenant(term)
    periods = make_periods(ministry, 2024)
    unit = provinces[1]
    targets = list(make_registration(term, unit, covenant).targets.order_by("order"))
    url = f"{live_server.url}/thi-dua/cum/{term.pk}/don-vi/{unit.pk}/ky/{periods['q1'].pk}/"

    page = login_page(users["officer"])
    page.goto(url)
    page.fill(f"#id_value_{targets[0].pk}", "110.5")
    page.fill(f"#id_value_{targets[1].pk}", "469204.8")
    page.fill(f"#id_value_{targets[2].pk}", "3")
    page.click("#save-report")
    page.wait_for_selector(".alert >> text=Đã lưu báo cáo")
    report = PeriodReport.objects.get(unit=unit)
    saved = {
        targets[0].pk: Decimal("110.50"),
        targets[1].pk: Decimal("469204.80"),
        targets[2].pk: Decimal("3"),
    }
    assert _values(report) == saved
    history = ReportValue.history.filter(report_id=report.pk).count()

    page.reload()
    assert page.input_value(f"#id_value_{targets[0].pk}") == "110.50"
    assert page.input_value(f"#id_value_{targets[1].pk}") == "469204.80"
    page.click("#save-report")
    page.wait_for_selector(".alert >> text=Đã lưu báo cáo")
    assert _values(report) == saved
    assert ReportValue.history.filter(report_id=report.pk).count() == history  # nothing deleted

    # submitted, returned for correction: the officer still sees every value and can save it back
    services.report_submit(actor=users["officer"], report=report)
    services.report_return(actor=users["unit_leader"], report=report, reason="Bổ sung minh chứng")
    page.goto(url)
    assert page.input_value(f"#id_value_{targets[1].pk}") == "469204.80"
    page.click("#save-report")
    page.wait_for_selector(".alert >> text=Đã lưu báo cáo")
    assert _values(report) == saved
    assert ReportValue.history.filter(report_id=report.pk).count() == history
