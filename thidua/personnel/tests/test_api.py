"""The account API (issue 15.3a): the same services as the pages."""

import pytest
from django.contrib.auth import get_user_model

from thidua.organisation.models import Role, UnitRole

from .conftest import workbook

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_api_creates_an_account_and_returns_the_one_time_password_once(client, province_board, provinces):
    client.force_login(province_board)
    response = client.post(
        "/api/v1/accounts",
        {"username": "canbo.api", "full_name": "Đỗ Văn Api", "unit_id": provinces[0].pk, "role": "officer"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    user = User.objects.get(username="canbo.api")
    assert user.check_password(body["one_time_password"])
    assert body["account"]["grants"][0]["unit_id"] == provinces[0].pk
    listed = client.get("/api/v1/accounts?q=canbo.api").json()
    assert [a["username"] for a in listed] == ["canbo.api"] and "one_time_password" not in listed[0]


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"unit_id": "OTHER", "role": "officer"}, 422),  # another province's id
        ({"role": "admin"}, 403),
        ({"username": "a\u0000b"}, 422),
        ({"full_name": "x" * 151}, 422),
        ({"unit_id": 2**63}, 422),
        ({"unit_id": -1}, 422),
        ({"full_name": "@SUM(A1)"}, 422),
    ],
)
def test_api_refuses_hostile_account_input_and_changes_nothing(
    client, province_board, provinces, payload, status
):
    client.force_login(province_board)
    body = {
        "username": "ke.gian",
        "full_name": "Kẻ Gian",
        "unit_id": provinces[0].pk,
        "role": "officer",
    } | payload
    if body["unit_id"] == "OTHER":
        body["unit_id"] = provinces[1].pk
    response = client.post("/api/v1/accounts", body, content_type="application/json")
    assert response.status_code == status
    assert response.json()["message"]
    assert not User.objects.filter(username__startswith="ke").exists()


def test_api_grant_end_and_history(client, users, provinces):
    client.force_login(users["admin"])
    officer = users["officer"]
    grant = officer.unit_roles.get()
    ended = client.post(
        f"/api/v1/grants/{grant.pk}/end", {"ended_on": "2025-06-30"}, content_type="application/json"
    )
    assert ended.status_code == 200 and ended.json()["ended_on"] == "2025-06-30"
    again = client.post(f"/api/v1/grants/{grant.pk}/end", {}, content_type="application/json")
    assert again.status_code == 409
    added = client.post(
        f"/api/v1/accounts/{officer.pk}/grants",
        {"unit_id": provinces[2].pk, "role": "officer"},
        content_type="application/json",
    )
    assert added.status_code == 201
    account = client.get(f"/api/v1/accounts/{officer.pk}").json()
    assert sorted((g["unit_id"], g["ended_on"]) for g in account["grants"]) == sorted(
        [(provinces[1].pk, "2025-06-30"), (provinces[2].pk, None)]
    )


def test_api_board_cannot_touch_an_account_outside_its_units(client, province_board, users):
    client.force_login(province_board)
    foreign = users["officer"]  # at provinces[1]
    assert client.get(f"/api/v1/accounts/{foreign.pk}").status_code == 404
    assert client.post(f"/api/v1/accounts/{foreign.pk}/password-reset").status_code == 404
    assert (
        client.post(
            f"/api/v1/accounts/{foreign.pk}/state", {"is_active": False}, content_type="application/json"
        ).status_code
        == 404
    )
    assert User.objects.get(pk=foreign.pk).is_active


def test_api_deactivate_and_reset(client, users):
    client.force_login(users["admin"])
    officer = users["officer"]
    locked = client.post(
        f"/api/v1/accounts/{officer.pk}/state", {"is_active": False}, content_type="application/json"
    )
    assert locked.status_code == 200 and locked.json()["is_active"] is False
    reset = client.post(f"/api/v1/accounts/{officer.pk}/password-reset")
    assert reset.status_code == 200
    officer.refresh_from_db()
    assert officer.check_password(reset.json()["one_time_password"]) and officer.must_change_password


def test_api_import_all_or_nothing(client, users, provinces):
    client.force_login(users["admin"])
    good = workbook([["1", "nhap.api", "Vũ Thị Nhập", "", "", "", provinces[0].code, "viewer"]])
    bad = workbook(
        [
            ["1", "nhap.hai", "Vũ Văn Hai", "", "", "", provinces[0].code, "viewer"],
            ["2", "nhap.ba", "Vũ Văn Ba", "", "", "", "KHONG-CO", "viewer"],
        ]
    )
    refused = client.post("/api/v1/accounts/import", {"file": _file(bad)})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["row"] == 3 and refused.json()["errors"][0]["column"] == "Mã đơn vị"
    assert not User.objects.filter(username__startswith="nhap.").exists()
    done = client.post("/api/v1/accounts/import", {"file": _file(good)})
    assert done.status_code == 201
    assert done.json()["created"][0]["set_password_url"].startswith(
        "http://testserver/tai-khoan/dat-mat-khau/"
    )
    assert UnitRole.objects.filter(user__username="nhap.api", role=Role.VIEWER).count() == 1


def _file(content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("tk.xlsx", content)


def test_officer_gets_403_on_the_account_api(client, users):
    client.force_login(users["officer"])
    assert client.get("/api/v1/accounts").status_code == 403
