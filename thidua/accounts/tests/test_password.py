"""Users change their own password; an admin resets one in the back office."""

import pytest
from django.test import Client
from django.urls import reverse

from thidua.organisation.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NEW = "Thi-dua-moi-2025!"


def _can_login(username, password):
    client = Client()
    client.post(reverse("accounts:login"), {"username": username, "password": password})
    return client.get("/").status_code == 200


@pytest.fixture
def officer():
    return UserFactory(username="canbo.soctrang", full_name="Trần Văn Bình")


def test_a_user_changes_their_password_and_their_other_sessions_end(client, officer):
    other_device = Client()
    other_device.force_login(officer)
    client.force_login(officer)
    page = client.get(reverse("accounts:password_change"))
    assert page.status_code == 200
    assert "Đổi mật khẩu" in page.content.decode() and "Mật khẩu hiện tại" in page.content.decode()
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "matkhau-thu-nghiem", "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("accounts:password_change_done")
    assert "Mật khẩu của bạn đã được đổi" in response.content.decode()
    assert client.get("/").status_code == 200  # this session goes on
    assert other_device.get("/").status_code == 302  # the other one is logged out
    assert _can_login(officer.username, NEW)
    assert not _can_login(officer.username, "matkhau-thu-nghiem")


def test_a_wrong_current_password_or_a_weak_new_one_is_refused_in_vietnamese(client, officer):
    client.force_login(officer)
    wrong = client.post(
        reverse("accounts:password_change"),
        {"old_password": "khong-dung", "new_password1": NEW, "new_password2": NEW},
    )
    assert wrong.status_code == 200 and "Mật khẩu cũ không chính xác" in wrong.content.decode()
    weak = client.post(
        reverse("accounts:password_change"),
        {"old_password": "matkhau-thu-nghiem", "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert weak.status_code == 200 and "Mật khẩu này hoàn toàn là số" in weak.content.decode()
    assert _can_login(officer.username, "matkhau-thu-nghiem")


def test_the_password_page_needs_a_login(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_top_bar_links_to_the_password_page(client, officer):
    client.force_login(officer)
    assert reverse("accounts:password_change") in client.get("/").content.decode()


def test_an_admin_resets_a_users_password_in_the_back_office(admin_client, officer):
    url = reverse("admin:auth_user_password_change", args=[officer.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    response = admin_client.post(url, {"password1": NEW, "password2": NEW})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _can_login(officer.username, NEW)
    assert not _can_login(officer.username, "matkhau-thu-nghiem")
