"""16.12: an upsert that updates answers 200, one that creates answers 201 (conference chairs)."""

import json

import pytest

from thidua.conferences.models import ConferenceChair
from thidua.conferences.tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db


def test_setting_a_chair_twice_creates_then_updates(client, users, term, provinces):
    conference = ConferenceFactory(term=term)
    client.force_login(users["cluster_staff"])
    url = f"/api/v1/conferences/{conference.pk}/chairs"
    payload = {"role": "other", "unit_id": provinces[3].pk, "name": "Đại tá Nguyễn Văn A"}
    first = client.post(url, json.dumps(payload), content_type="application/json")
    assert first.status_code == 201, first.content
    second = client.post(
        url, json.dumps({**payload, "name": "Đại tá Trần Văn B"}), content_type="application/json"
    )
    assert second.status_code == 200 and second.json()["name"] == "Đại tá Trần Văn B"
    chair = ConferenceChair.objects.get(conference=conference, unit=provinces[3])  # one row, updated
    assert chair.name == "Đại tá Trần Văn B"
