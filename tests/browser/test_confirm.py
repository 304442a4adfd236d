"""Browser (issue 15.4): irreversible actions ask in a dialog that says what will happen; cancelling changes
nothing, accepting does it; without JavaScript the plain form still works."""

import pytest

from tests.browser.helpers import click_and_confirm
from thidua.emulation.models import Criterion
from thidua.emulation.tests.factories import make_covenant
from thidua.scoring import services
from thidua.scoring.models import PeriodLock
from thidua.scoring.tests import conftest as scoring_fixtures

period, covenant, reports = scoring_fixtures.period, scoring_fixtures.covenant, scoring_fixtures.reports

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)])
def test_locking_scores_says_which_period_and_cluster_and_cancel_changes_nothing(
    login_page, live_server, users, term, period, reports, tmp_path, width, height
):
    services.scores_compute(actor=users["cluster_staff"], term=term, period=period)
    page = login_page(users["cluster_staff"])
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/cham-diem/cum/{term.pk}/ky/{period.pk}/")
    page.fill("#lock-reason", "Kết quả hội nghị sơ kết 6 tháng")
    page.click("#lock-form button[type=submit]")
    dialog = page.wait_for_selector("#confirm-dialog[open]")
    question = page.inner_text("#confirm-dialog-text")
    assert f"Khóa điểm sẽ chốt bảng điểm kỳ {period.label} của {term.display_name}" in question
    assert page.inner_text("#confirm-dialog-ok") == "Khóa điểm"
    box = dialog.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width  # the dialog fits a phone
    page.screenshot(path=str(tmp_path / f"confirm-lock-{width}.png"))
    page.click("#confirm-dialog button[value=cancel]")
    assert not page.is_visible("#confirm-dialog")
    assert not PeriodLock.objects.filter(term=term, period=period).exists()  # cancelled: nothing locked

    click_and_confirm(page, "#lock-form button[type=submit]", expect=period.label)
    page.wait_for_selector("#lock-state >> text=Đã khóa")
    assert PeriodLock.objects.filter(term=term, period=period, reopened_at__isnull=True).count() == 1


def test_deleting_a_criterion_names_it_and_works_without_javascript(
    browser, login_page, live_server, users, term
):
    covenant = make_covenant(term, signed=False)
    criterion = Criterion.objects.get(group__covenant=covenant, code="1.2")
    page = login_page(users["cluster_staff"])
    page.goto(f"{live_server.url}/thi-dua/cum/{term.pk}/giao-uoc/")
    row = page.locator("#criteria-tree tr", has_text=criterion.title)
    row.locator("button[type=submit]").click()
    page.wait_for_selector("#confirm-dialog[open]")
    assert f"Xóa tiêu chí 1.2 “{criterion.title}”" in page.inner_text("#confirm-dialog-text")
    page.keyboard.press("Escape")  # closing the dialog is cancelling
    assert not page.is_visible("#confirm-dialog")
    assert Criterion.objects.filter(pk=criterion.pk).exists()
    row.locator("button[type=submit]").click()
    page.click("#confirm-dialog-ok")
    page.wait_for_load_state()
    page.wait_for_selector("#criteria-tree")
    assert not Criterion.objects.filter(pk=criterion.pk).exists()

    # without JavaScript the form is a plain form: it submits (the server still checks everything)
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    nojs = context.new_page()
    nojs.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    nojs.fill("#id_username", users["cluster_staff"].username)
    nojs.fill("#id_password", "matkhau-thu-nghiem")
    nojs.click("button[type=submit]")
    nojs.goto(f"{live_server.url}/thi-dua/cum/{term.pk}/giao-uoc/")
    other = Criterion.objects.get(group__covenant=covenant, code="2.1")
    nojs.locator("#criteria-tree tr", has_text=other.title).locator("button[type=submit]").click()
    nojs.wait_for_selector("#criteria-tree")
    assert not Criterion.objects.filter(pk=other.pk).exists()
    context.close()
