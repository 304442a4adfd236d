"""Browser (issue 15.3a): a board creates an account, the new officer signs in with the one-time password
and must choose their own; the board ends the role and the history stays on the account page."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from thidua.organisation.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)])
def test_board_creates_an_account_and_the_officer_sets_a_password(
    login_page, live_server, make_user, provinces, tmp_path, width, height
):
    board = make_user(Role.BOARD, provinces[0], username="thuongtruc.soctrang")
    page = login_page(board)
    page.set_viewport_size({"width": width, "height": height})
    if width > 800:
        page.click("nav.mainnav >> text=Tài khoản")
    else:
        page.goto(f"{live_server.url}/tai-khoan/quan-ly/")
    page.wait_for_selector("h1 >> text=Tài khoản và phân quyền")
    page.fill("#id_username", "canbo.moi")
    page.fill("#id_full_name", "Lâm Thị Mới")
    page.select_option("#id_unit", str(provinces[0].pk))
    page.select_option("#id_role", Role.OFFICER.value)
    page.click("#create button[type=submit]")
    password = page.inner_text("#one-time-password")
    assert re.fullmatch(r"[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}", password)
    page.screenshot(path=str(tmp_path / f"account-created-{width}.png"), full_page=True)

    # the board ends the role (a move): the grant stays, dated, on the account page
    page.click("text=Xem tài khoản và vai trò")
    page.click("#grants button[type=submit]")  # no date: ends today
    assert "Kết thúc vai trò Cán bộ thi đua đơn vị" in page.inner_text("#confirm-dialog")  # says what happens
    page.click("#confirm-dialog-ok")
    page.wait_for_selector(".alert >> text=Đã kết thúc vai trò")
    assert f"{timezone.localdate():%d/%m/%Y}" in page.inner_text("#grants tbody tr td:nth-child(4)")
    page.select_option("#id_unit", str(provinces[0].pk))
    page.select_option("#id_role", Role.VIEWER.value)
    page.click("#grant button[type=submit]")
    page.wait_for_selector(".alert >> text=Đã cấp vai trò")
    assert page.locator("#grants tbody tr").count() == 2
    table = page.locator(".table-scroll").first.bounding_box()  # a wide table scrolls inside its box
    assert table is not None and table["x"] + table["width"] <= width + 1
    page.screenshot(path=str(tmp_path / f"account-roles-{width}.png"), full_page=True)

    # the new officer signs in with the one-time password and is sent to choose their own
    page.click("text=Đăng xuất")
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.fill("#id_username", "canbo.moi")
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/tai-khoan/doi-mat-khau/")
    assert "mật khẩu dùng một lần" in page.inner_text(".alert")
    page.goto(f"{live_server.url}/thi-dua/")
    assert page.url == f"{live_server.url}/tai-khoan/doi-mat-khau/"  # nothing else until it is changed
    page.fill("#id_old_password", password)
    page.fill("#id_new_password1", "Mat-khau-cua-toi-2025!")
    page.fill("#id_new_password2", "Mat-khau-cua-toi-2025!")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/tai-khoan/doi-mat-khau/xong/")
    page.goto(f"{live_server.url}/")
    assert page.url == f"{live_server.url}/"
    assert not get_user_model().objects.get(username="canbo.moi").must_change_password
    page.screenshot(path=str(tmp_path / f"account-first-login-{width}.png"), full_page=True)
