"""The bell, the notifications page and its API (issue 15.7)."""

import pytest
from django.urls import reverse

from thidua.notifications import services
from thidua.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


def _notify(user, key, title="Báo cáo Quý 1/2024 bị trả lại", kind=Kind.RETURNED):
    services.notify(
        notices=[
            services.Notice(
                kind=kind,
                key=key,
                title=title,
                body="Lý do: thiếu số liệu",
                url="/thi-dua/",
                user_ids=[user.pk],
            )
        ]
    )
    return Notification.objects.get(recipient=user, key=key)


def test_the_bell_counts_unread_and_the_page_lists_them(client, users):
    officer = users["officer"]
    _notify(officer, "a")
    _notify(officer, "b", title="Còn 7 ngày: hạn báo cáo", kind=Kind.DUE)
    client.force_login(officer)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert 'id="bell-count">2<' in page
    listing = client.get(reverse("notifications:list")).content.decode()
    assert (
        "Báo cáo Quý 1/2024 bị trả lại" in listing
        and "Lý do: thiếu số liệu" in listing
        and "Còn 7 ngày" in listing
    )


def test_mark_one_then_all_read(client, users):
    officer = users["officer"]
    first, _second = _notify(officer, "a"), _notify(officer, "b")
    client.force_login(officer)
    client.post(reverse("notifications:mark_read"), {"ids": [first.pk]})
    assert Notification.objects.filter(recipient=officer, read_at__isnull=True).count() == 1
    assert 'id="bell-count">1<' in client.get(reverse("core:dashboard")).content.decode()
    client.post(reverse("notifications:mark_read"), {"all": "1"})
    assert not Notification.objects.filter(recipient=officer, read_at__isnull=True).exists()
    assert 'id="bell-count"' not in client.get(reverse("core:dashboard")).content.decode()


def test_another_persons_notification_cannot_be_marked(client, users):
    theirs = _notify(users["viewer"], "a")
    client.force_login(users["officer"])
    client.post(reverse("notifications:mark_read"), {"ids": [theirs.pk]})
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert "Báo cáo Quý 1/2024" not in client.get(reverse("notifications:list")).content.decode()


@pytest.mark.parametrize("bad", ["abc", "-1", "0", str(2**70), "1\x00"])
def test_hostile_ids_get_a_vietnamese_refusal_and_change_nothing(client, users, bad):
    mine = _notify(users["officer"], "a")
    client.force_login(users["officer"])
    response = client.post(reverse("notifications:mark_read"), {"ids": [bad]})
    assert response.status_code == 422 and "Mã thông báo không hợp lệ" in response.content.decode()
    mine.refresh_from_db()
    assert mine.read_at is None


def test_the_user_turns_email_off_and_on(client, users):
    officer = users["officer"]
    client.force_login(officer)
    client.post(reverse("notifications:preference"), {})
    officer.refresh_from_db()
    assert officer.email_notifications is False
    client.post(reverse("notifications:preference"), {"email": "on"})
    officer.refresh_from_db()
    assert officer.email_notifications is True


def test_api_lists_marks_read_and_sets_the_preference(client, users):
    officer = users["officer"]
    first, _second = _notify(officer, "a"), _notify(officer, "b")
    theirs = _notify(users["viewer"], "c")
    client.force_login(officer)
    listed = client.get("/api/v1/notifications").json()
    assert listed["unread"] == 2 and {i["id"] for i in listed["items"]} == {first.pk, _second.pk}
    marked = client.post(
        "/api/v1/notifications/read", {"ids": [first.pk, theirs.pk]}, content_type="application/json"
    )
    assert marked.json() == {"marked": 1, "unread": 1}
    assert (
        client.post("/api/v1/notifications/read", {"all": True}, content_type="application/json").json()[
            "unread"
        ]
        == 0
    )
    assert client.get("/api/v1/notifications?unread_only=true").json()["items"] == []
    refused = client.post("/api/v1/notifications/read", {"ids": [-5]}, content_type="application/json")
    assert refused.status_code == 422
    pref = client.put("/api/v1/notifications/preferences", {"email": False}, content_type="application/json")
    assert pref.json() == {"email": False}
    officer.refresh_from_db()
    assert officer.email_notifications is False
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_anonymous_gets_no_bell_and_401_from_the_api(client):
    assert client.get("/api/v1/notifications").status_code == 401
    assert client.get(reverse("notifications:list")).status_code == 302
