"""The page frame (issue 15.14/15.15): the header names the user, their unit and role; the phone menu and the
confirmation dialog are in every page; no inline script (CSP)."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_header_shows_name_role_and_unit(client, users, provinces):
    officer = users["officer"]
    officer.full_name = "Nguyễn Thị Lan"
    officer.save()
    client.force_login(officer)
    body = client.get("/").content.decode()
    role = re.search(r'id="whoami-role">(.*?)</small>', body, re.S)
    assert role, "no role line in the header"
    assert "Cán bộ thi đua đơn vị" in role.group(1)
    assert provinces[1].display_name in role.group(1)
    assert "Nguyễn Thị Lan" in body.split("</header>")[0]


def test_header_lists_further_grants_and_the_superuser(client, users, make_user, provinces):
    from thidua.organisation.models import Role
    from thidua.organisation.tests.factories import UnitRoleFactory

    board = users["board"]
    UnitRoleFactory(user=board, unit=provinces[0], role=Role.VIEWER)
    client.force_login(board)
    header = client.get("/").content.decode().split("</header>")[0]
    assert "(+1)" in header
    client.force_login(make_user("superuser"))
    assert "Quản trị hệ thống" in client.get("/").content.decode().split("</header>")[0]


def test_every_page_has_the_menu_toggle_and_the_confirm_dialog_without_inline_script(client, users):
    client.force_login(users["officer"])
    body = client.get("/").content.decode()
    assert "data-nav-toggle" in body and 'aria-controls="mainnav"' in body and 'id="mainnav"' in body
    assert '<dialog id="confirm-dialog"' in body and 'id="confirm-dialog-ok"' in body
    assert not re.search(
        r"<script(?![^>]*\bsrc=)[^>]*>(?!\s*</script>)", body.replace('type="application/json"', "src")
    ), body
    assert not re.search(r"\son[a-z]+=", body)
