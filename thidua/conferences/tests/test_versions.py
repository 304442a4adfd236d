"""Issue 13.11 for conference data: a stale info form, attendee toggle or attendee PATCH is refused
(409 / alert with the newer value); a fresh one is saved."""

import datetime

import pytest
from django.urls import reverse

from thidua.conferences.models import Attendee, Conference
from thidua.conferences.tests.factories import AttendeeFactory, ConferenceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def conference(term):
    return ConferenceFactory(term=term, host=term.deputy)


def _info(conference, **changes):
    data = {
        "title": conference.title,
        "period_label": conference.period_label,
        "date": conference.date.isoformat(),
        "venue": conference.venue,
        "conclusions": conference.conclusions,
        "version": conference.version,
    }
    return data | changes


def test_the_info_form_carries_the_version_and_a_stale_save_keeps_the_newer_details(
    client, users, conference
):
    client.force_login(users["cluster_staff"])
    page = client.get(reverse("conferences:detail", args=[conference.pk])).content.decode()
    assert f'name="version" value="{conference.version}"' in page
    url = reverse("conferences:info_update", args=[conference.pk])
    read_at = _info(conference)
    assert (
        client.post(url, _info(conference, venue="Hội trường Công an tỉnh Bến Tre")).status_code == 302
    )  # B
    response = client.post(url, read_at | {"venue": "", "conclusions": "Cũ"}, HTTP_HX_REQUEST="true")  # A
    body = response.content.decode()
    assert response["HX-Retarget"] == "#alerts" and "người khác cập nhật" in body and "Bến Tre" in body
    fresh = Conference.objects.get(pk=conference.pk)
    assert fresh.venue == "Hội trường Công an tỉnh Bến Tre" and fresh.conclusions != "Cũ"
    assert client.post(url, _info(fresh, conclusions="Thống nhất")).status_code == 302
    assert Conference.objects.get(pk=conference.pk).conclusions == "Thống nhất"


def test_a_stale_presence_toggle_does_not_undo_the_other_officers_change(
    client, users, conference, provinces
):
    attendee = AttendeeFactory(conference=conference, unit=provinces[0], present=False)
    client.force_login(users["cluster_staff"])
    url = reverse("conferences:attendee_toggle", args=[conference.pk, attendee.pk])
    client.post(url, {"field": "present", "version": 1}, HTTP_HX_REQUEST="true")  # B marks present
    response = client.post(url, {"field": "present", "version": 1}, HTTP_HX_REQUEST="true")  # A, same page
    assert response["HX-Retarget"] == "#alerts" and "có mặt" in response.content.decode()
    assert Attendee.objects.get(pk=attendee.pk).present is True


def test_attendee_api_patch_needs_a_fresh_version(client, users, conference, provinces):
    attendee = AttendeeFactory(conference=conference, unit=provinces[0], present=True, is_voter=False)
    client.force_login(users["cluster_staff"])
    url = f"/api/v1/conferences/{conference.pk}/attendees/{attendee.pk}"

    def patch(data):
        return client.patch(url, data=data, content_type="application/json")

    assert patch({"is_voter": True}).status_code == 422  # version required
    fresh = patch({"version": 1, "is_voter": True})
    assert fresh.status_code == 200 and fresh.json()["version"] == 2
    stale = patch({"version": 1, "present": False})
    assert stale.status_code == 409 and stale.json()["code"] == "stale_write"
    attendee.refresh_from_db()
    assert (attendee.present, attendee.is_voter, attendee.version) == (True, True, 2)


def test_the_conference_date_input_shows_the_saved_date(client, users, term):
    conference = ConferenceFactory(term=term, host=term.deputy, date=datetime.date(2024, 7, 16))
    client.force_login(users["cluster_staff"])
    page = client.get(reverse("conferences:detail", args=[conference.pk])).content.decode()
    # a text input (16.3: a date may be known only to the month or the year) holding the ISO value
    assert 'type="text" name="date" value="2024-07-16"' in page
