"""16.12: fields the API accepts are returned — a movement's slogan and reference."""

import json

import pytest

pytestmark = pytest.mark.django_db


def test_a_movements_slogan_and_reference_are_returned(client, users, ministry, term):
    client.force_login(users["board"])
    payload = {
        "owner_id": ministry.pk,
        "kind": "peak",
        "name": "Đợt cao điểm tấn công, trấn áp tội phạm",
        "slogan": "Vì an ninh Tổ quốc",
        "reference": "Kế hoạch số 12/KH-BCA",
        "start_date": "2024-04-01",
        "end_date": "2024-09-30",
    }
    created = client.post("/api/v1/emulation/movements", json.dumps(payload), content_type="application/json")
    assert created.status_code == 201, created.content
    assert (created.json()["slogan"], created.json()["reference"]) == (
        "Vì an ninh Tổ quốc",
        "Kế hoạch số 12/KH-BCA",
    )
    listed = client.get("/api/v1/emulation/movements?year=2024").json()
    assert [m["slogan"] for m in listed] == ["Vì an ninh Tổ quốc"]
