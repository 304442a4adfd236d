"""Browser (issue 15.7): on a phone, the officer sees the bell's unread count, opens the list, marks all read."""

import pytest

from thidua.notifications import services
from thidua.notifications.models import Kind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_bell_on_a_phone(login_page, live_server, users, tmp_path):
    officer = users["officer"]
    services.notify(
        notices=[
            services.Notice(
                kind=Kind.RETURNED,
                key="report-returned:1",
                title="Báo cáo Quý 1/2024 của CA Tiền Giang bị trả lại",
                body="Lý do: thiếu số liệu chỉ tiêu 2",
                url="/thi-dua/",
                user_ids=[officer.pk],
            ),
            services.Notice(
                kind=Kind.DUE,
                key="report-due:1",
                title="Còn 7 ngày: hạn báo cáo 6 tháng",
                user_ids=[officer.pk],
            ),
        ]
    )
    page = login_page(officer)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    bell = page.locator("#bell")
    assert bell.is_visible() and page.inner_text("#bell-count") == "2"
    box = bell.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390
    page.screenshot(path=str(tmp_path / "bell-390.png"), full_page=True)
    bell.click()
    page.wait_for_selector("h1 >> text=Thông báo")
    assert "Lý do: thiếu số liệu chỉ tiêu 2" in page.inner_text("#notifications")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("#mark-all button")
    page.wait_for_selector(".alert >> text=Đã đánh dấu 2 thông báo")
    assert page.locator("#bell-count").count() == 0
    page.screenshot(path=str(tmp_path / "notifications-390.png"), full_page=True)
