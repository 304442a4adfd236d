"""Browser: an emulation officer logs in, finds a unit without diacritics and opens a cluster."""

import pytest

from tests.browser.helpers import click_and_confirm

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_logs_in_searches_and_opens_cluster(login_page, live_server, users, term):
    page = login_page(users["officer"])
    assert page.locator("#panel-clusters").get_by_text("Cụm thi đua số 11").is_visible()

    page.click("text=Đơn vị")
    page.fill("input[name=q]", "tien giang")
    page.wait_for_selector("#unit-results >> text=Công an tỉnh Tiền Giang")

    page.goto(f"{live_server.url}/to-chuc/cum/")
    page.click("text=Cụm thi đua số 11")
    page.wait_for_selector("#members")
    members = page.locator("#members tbody tr")
    assert members.count() == 6
    assert page.locator("#members").get_by_text("Cụm trưởng").is_visible()


def test_board_hands_over_in_the_browser(login_page, live_server, users, term, provinces):
    page = login_page(users["board"])
    page.goto(f"{live_server.url}/to-chuc/cum/{term.pk}/")
    page.select_option("#id_new_leader", str(provinces[2].pk))
    page.select_option("#id_new_deputy", str(provinces[3].pk))
    page.fill("#id_handed_over_on", "20/11/2024")
    page.fill("#id_conference_title", "Hội nghị tổng kết năm 2024")
    click_and_confirm(page, "text=Ghi nhận bàn giao", navigates=False)
    page.wait_for_selector("text=Đã bàn giao")
    assert page.locator("#history").get_by_text("2025").is_visible()
