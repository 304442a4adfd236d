"""Login lockout (13.4): per username and real client address behind the trusted proxy."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from thidua.organisation.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"
ATTACKER = "198.51.100.7"
OWNER = "203.0.113.9"


@pytest.fixture
def owner():
    return UserFactory(username="canbo.tiengiang")


def _login(client, username, password, forwarded=None, remote=PROXY):
    extra = {"REMOTE_ADDR": remote}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, **extra)


def _fail(client, username, times, **kwargs):
    return [_login(client, username, "sai-mat-khau", **kwargs).status_code for _ in range(times)]


def test_five_wrong_passwords_behind_the_proxy_lock_that_client_not_the_owner(client, settings, owner):
    settings.THIDUA_TRUSTED_PROXY_COUNT = 1
    assert _fail(client, owner.username, 5, forwarded=ATTACKER)[-1] == 429
    assert _login(client, owner.username, "matkhau-thu-nghiem", forwarded=ATTACKER).status_code == 429
    # the owner at their own machine, through the same proxy, still signs in
    response = _login(client, owner.username, "matkhau-thu-nghiem", forwarded=OWNER)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:dashboard")


def test_the_lockout_is_per_username_and_address_never_the_address_alone(client, settings, owner):
    settings.THIDUA_TRUSTED_PROXY_COUNT = 1
    other = UserFactory(username="canbo.bentre")
    _fail(client, owner.username, 5, forwarded=ATTACKER)
    assert _login(client, other.username, "matkhau-thu-nghiem", forwarded=ATTACKER).status_code == 302


def test_without_a_trusted_proxy_a_forged_forwarded_header_does_not_escape_the_lockout(
    client, settings, owner
):
    settings.THIDUA_TRUSTED_PROXY_COUNT = 0
    for i in range(5):
        _login(client, owner.username, "sai-mat-khau", forwarded=f"192.0.2.{i}", remote=ATTACKER)
    response = _login(client, owner.username, "matkhau-thu-nghiem", forwarded="192.0.2.99", remote=ATTACKER)
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_the_lockout_page_says_in_vietnamese_how_long_it_lasts(client, settings, owner):
    settings.THIDUA_TRUSTED_PROXY_COUNT = 1
    _fail(client, owner.username, 5, forwarded=ATTACKER)
    response = _login(client, owner.username, "sai-mat-khau", forwarded=ATTACKER)
    text = response.content.decode()
    assert response.status_code == 429
    assert "tạm khóa đăng nhập từ máy này trong 30 phút" in text
    assert "Có thể đăng nhập lại sau" in text


def test_below_the_limit_the_owner_is_not_locked(client, settings, owner):
    settings.THIDUA_TRUSTED_PROXY_COUNT = 1
    assert _fail(client, owner.username, 4, forwarded=ATTACKER) == [200] * 4
    assert _login(client, owner.username, "matkhau-thu-nghiem", forwarded=ATTACKER).status_code == 302


def test_an_admin_lifts_the_lockout_from_the_back_office(client, superuser, settings, owner):
    settings.THIDUA_TRUSTED_PROXY_COUNT = 1
    _fail(client, owner.username, 5, forwarded=OWNER)
    assert _login(client, owner.username, "matkhau-thu-nghiem", forwarded=OWNER).status_code == 429
    admin_client = Client()
    admin_client.force_login(superuser)
    response = admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "unlock_login", "_selected_action": [owner.pk]},
        follow=True,
    )
    assert "Đã mở khóa đăng nhập" in response.content.decode()
    assert not AccessAttempt.objects.filter(username=owner.username).exists()
    assert _login(client, owner.username, "matkhau-thu-nghiem", forwarded=OWNER).status_code == 302


def test_the_axes_attempts_admin_is_in_the_back_office(admin_client):
    assert admin_client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 200
