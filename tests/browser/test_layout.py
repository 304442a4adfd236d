"""Browser (issue 15.14/15.15): on a phone the menu folds behind one button, the header says who is signed in,
and the dashboard is no wider than the screen."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_phone_menu_is_collapsed_and_opens_and_the_header_names_the_role(
    login_page, live_server, users, tmp_path
):
    page = login_page(users["officer"])
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/")
    assert page.is_visible("[data-nav-toggle]")
    assert not page.is_visible("#mainnav")
    header_height = page.locator("header.topbar").bounding_box()["height"]
    assert header_height < 160, header_height  # was a 334 px stack of links
    assert "Cán bộ thi đua đơn vị" in page.inner_text("#whoami-role")
    page.click("[data-nav-toggle]")
    assert page.is_visible("#mainnav >> text=Chấm điểm")
    assert page.get_attribute("[data-nav-toggle]", "aria-expanded") == "true"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(tmp_path / "phone-menu-open.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    assert not page.is_visible("[data-nav-toggle]")
    assert page.is_visible("#mainnav >> text=Chấm điểm")
    page.screenshot(path=str(tmp_path / "desktop-header.png"))
