"""16.12: an upsert that updates answers 200, one that creates answers 201 (cross-inspection pairs)."""

import json

import pytest

from thidua.scoring.models import CrossInspection

pytestmark = pytest.mark.django_db


def test_assigning_an_inspection_twice_creates_then_updates(client, users, term, period, provinces):
    client.force_login(users["cluster_staff"])
    url = f"/api/v1/scoring/terms/{term.pk}/periods/{period.pk}/cross-inspections"
    payload = {"inspecting_unit_id": provinces[2].pk, "inspected_unit_id": provinces[3].pk}
    first = client.post(url, json.dumps(payload), content_type="application/json")
    assert first.status_code == 201, first.content
    again = {**payload, "inspecting_unit_id": provinces[4].pk}
    second = client.post(url, json.dumps(again), content_type="application/json")
    assert second.status_code == 200 and second.json()["id"] == first.json()["id"]
    assert CrossInspection.objects.get(term=term, period=period).inspecting_unit_id == provinces[4].pk
