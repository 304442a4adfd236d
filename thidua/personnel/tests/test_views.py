"""The account pages (issue 15.3a) through HTTP: list, create, roles, reset, lock, import."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.organisation.models import Role, UnitRole

from .conftest import workbook

pytestmark = pytest.mark.django_db
User = get_user_model()


def _xlsx(content: bytes, name="tai-khoan.xlsx"):
    return SimpleUploadedFile(
        name, content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def test_board_creates_an_account_and_sees_the_one_time_password_once(client, province_board, provinces):
    client.force_login(province_board)
    page = client.get(reverse("personnel:account_list"))
    assert page.status_code == 200 and "Tạo tài khoản" in page.content.decode()
    # the unit list holds the board's own province only
    assert f'value="{provinces[0].pk}"' in page.content.decode()
    assert f'value="{provinces[1].pk}"' not in page.content.decode()
    response = client.post(
        reverse("personnel:account_create"),
        {"username": "canbo.moi", "full_name": "Phạm Văn Mới", "unit": provinces[0].pk, "role": Role.OFFICER},
    )
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    password_match = re.search(r'id="one-time-password">([^<]+)<', response.content.decode())
    assert password_match is not None
    password = password_match.group(1)
    user = User.objects.get(username="canbo.moi")
    assert user.check_password(password) and user.must_change_password
    detail = client.get(reverse("personnel:account_detail", args=[user.pk]))
    assert password not in detail.content.decode()


def test_creating_at_another_units_id_is_a_form_error_and_makes_nothing(client, province_board, provinces):
    client.force_login(province_board)
    response = client.post(
        reverse("personnel:account_create"),
        {"username": "ke.gian", "full_name": "Kẻ Gian", "unit": provinces[1].pk, "role": Role.OFFICER},
    )
    assert response.status_code == 422
    assert "Đơn vị này không thuộc phạm vi quản lý của bạn" in response.content.decode()
    assert not User.objects.filter(username="ke.gian").exists()


def test_formula_in_a_name_is_refused_with_a_vietnamese_message(client, users, provinces):
    client.force_login(users["admin"])
    response = client.post(
        reverse("personnel:account_create"),
        {"username": "cong.thuc", "full_name": "=1+1", "unit": provinces[0].pk, "role": Role.VIEWER},
    )
    assert response.status_code == 422 and "công thức bảng tính" in response.content.decode()
    assert not User.objects.filter(username="cong.thuc").exists()


def test_officer_and_nobody_are_refused_the_account_pages(client, users):
    for role in ("officer", "unit_leader", "cluster_staff", "nobody"):
        client.force_login(users[role])
        assert client.get(reverse("personnel:account_list")).status_code == 403


def test_end_a_role_and_grant_another_keeps_the_history_on_the_page(client, users, provinces):
    client.force_login(users["admin"])
    officer = users["officer"]
    grant = officer.unit_roles.get()
    response = client.post(
        reverse("personnel:grant_end", args=[grant.pk]), {"ended_on": "2025-06-30"}, follow=True
    )
    assert "Đã kết thúc vai trò" in response.content.decode()
    response = client.post(
        reverse("personnel:grant_add", args=[officer.pk]),
        {"unit": provinces[2].pk, "role": Role.OFFICER},
        follow=True,
    )
    page = response.content.decode()
    assert "Đã cấp vai trò" in page and "30/06/2025" in page and provinces[2].name in page
    assert UnitRole.objects.filter(user=officer).count() == 2


def test_reset_password_and_the_next_login_must_change_it(client, users):
    client.force_login(users["admin"])
    officer = users["officer"]
    response = client.post(reverse("personnel:password_reset", args=[officer.pk]))
    password_match = re.search(r'id="one-time-password">([^<]+)<', response.content.decode())
    assert password_match is not None
    password = password_match.group(1)
    client.logout()
    client.post(reverse("accounts:login"), {"username": officer.username, "password": password})
    assert client.get("/").url == reverse("accounts:password_change")
    api = client.get("/api/v1/units")
    assert api.status_code == 403 and api.json()["code"] == "password_change_required"
    new = "Mat-khau-rieng-2025!"
    client.post(
        reverse("accounts:password_change"),
        {"old_password": password, "new_password1": new, "new_password2": new},
    )
    assert client.get("/").status_code == 200
    officer.refresh_from_db()
    assert not officer.must_change_password


def test_lock_an_account_ends_its_session(client, users):
    from django.test import Client

    officer_session = Client()
    officer_session.force_login(users["officer"])
    client.force_login(users["admin"])
    client.post(reverse("personnel:account_state", args=[users["officer"].pk]), {"active": "0"})
    assert officer_session.get("/").status_code == 302
    assert not User.objects.get(pk=users["officer"].pk).is_active


def test_import_creates_accounts_with_roles_and_shows_set_password_links(client, province_board, provinces):
    client.force_login(province_board)
    code = provinces[0].code
    content = workbook(
        [
            [
                "1",
                "canbo.a",
                "Nguyễn Văn A",
                "a@example.gov.vn",
                "Đại úy",
                "Cán bộ",
                code,
                "Cán bộ thi đua đơn vị",
            ],
            ["2", "canbo.a", "Nguyễn Văn A", "a@example.gov.vn", "Đại úy", "Cán bộ", code, "viewer"],
            ["3", "lanhdao.b", "Trần Thị B", "", "", "Phó Giám đốc", code, "Lãnh đạo đơn vị"],
        ]
    )
    response = client.post(reverse("personnel:account_import"), {"file": _xlsx(content)})
    page = response.content.decode()
    assert response.status_code == 200, page
    assert "Đã tạo 2 tài khoản, cấp 3 vai trò" in page
    link_match = re.search(r"<code>(http://testserver/tai-khoan/dat-mat-khau/[^<]+)</code>", page)
    assert link_match is not None
    link = link_match.group(1)
    assert set(UnitRole.objects.filter(user__username="canbo.a").values_list("role", flat=True)) == {
        "officer",
        "viewer",
    }
    # the link sets the first password, once
    client.logout()
    form = client.get(link.replace("http://testserver", ""), follow=True)
    assert "Đặt mật khẩu" in form.content.decode()
    new = "Mat-khau-dau-tien-2025!"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True)
    assert "Đã đặt mật khẩu" in done.content.decode()
    assert sum(User.objects.get(username=u).has_usable_password() for u in ("canbo.a", "lanhdao.b")) == 1
    again = client.get(link.replace("http://testserver", ""), follow=True)
    assert "không hợp lệ, đã dùng hoặc đã hết hạn" in again.content.decode()


def test_import_with_one_bad_row_saves_nothing_and_lists_each_error(client, province_board, provinces):
    client.force_login(province_board)
    content = workbook(
        [
            ["1", "canbo.tot", "Nguyễn Văn Tốt", "", "", "", provinces[0].code, "viewer"],
            ["2", "canbo.ngoai", "Ngoài Phạm Vi", "", "", "", provinces[1].code, "viewer"],
            ["3", "quantri.gia", "Quản Trị Giả", "", "", "", provinces[0].code, "Quản trị hệ thống"],
            ["4", "x", "=HYPERLINK(1)", "", "", "", provinces[0].code, "viewer"],
        ]
    )
    response = client.post(reverse("personnel:account_import"), {"file": _xlsx(content)})
    page = response.content.decode()
    assert response.status_code == 422
    assert "có 3 lỗi, không tài khoản nào được tạo" in page
    assert (
        "trong phạm vi quản lý của bạn" in page
        and "Chỉ quản trị hệ thống" in page
        and "Tên đăng nhập" in page
    )
    assert not User.objects.filter(username__in=["canbo.tot", "canbo.ngoai", "quantri.gia"]).exists()


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"", "rong.xlsx", "rỗng"),
        (b"MZ\x90\x00 program", "virus.xlsx", ""),
        (b"%PDF-1.4\n%%EOF", "tai-khoan.xlsx", ""),
        ("formula", "tai-khoan.xlsx", "công thức"),
        ("wrong-sheet", "tai-khoan.xlsx", "Không có trang tính"),
        ("wrong-header", "tai-khoan.xlsx", "Dòng tiêu đề không đúng mẫu"),
    ],
)
def test_hostile_import_files_are_refused_with_a_4xx_and_change_nothing(
    client, users, content, name, expected
):
    client.force_login(users["admin"])
    before = User.objects.count()
    if content == "formula":
        content = workbook([["1", "a.b.c", "A", "", "", "", "BCA", "viewer"]], formula=True)
    elif content == "wrong-sheet":
        content = workbook([], sheet="Sheet1")
    elif content == "wrong-header":
        content = workbook([["1"]], header=["A", "B"])
    response = client.post(reverse("personnel:account_import"), {"file": _xlsx(content, name)})
    assert 400 <= response.status_code < 500
    assert expected in response.content.decode()
    assert User.objects.count() == before


def test_the_import_template_downloads(client, users):
    client.force_login(users["board"])
    response = client.get(reverse("personnel:import_template"))
    assert response.status_code == 200 and response.content[:2] == b"PK"
