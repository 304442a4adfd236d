"""Award exports keep user text as text (issue 13.7): names, achievements and the receiver typed
in the statutory form's query never become formulas."""

import pytest
from django.urls import reverse

from thidua.core.tests.spreadsheets_contract import HOSTILE, assert_text_cells

from .factories import PersonFactory, RecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile_records(seeded, provinces):
    unit = provinces[1]
    unit.name = "-" + unit.name
    unit.save()
    RecordFactory(award_type=seeded["BK-TTG-TT"], unit=unit, year=2024, achievement=HOSTILE)
    RecordFactory(
        award_type=seeded["CSTD-TQ"],
        person=PersonFactory(unit=unit, full_name="@Nguyễn Văn A", position="=Phó Trưởng phòng"),
        year=2024,
    )
    return unit


def test_records_export_writes_names_and_achievements_as_text(client, users, hostile_records):
    client.force_login(users["board"])
    response = client.get(reverse("awards:records_export"), {"year": 2024})
    assert response.status_code == 200
    assert_text_cells(response.content, exact=(HOSTILE, "@Nguyễn Văn A"))


def test_statistics_export_writes_unit_names_as_text(client, users, hostile_records):
    client.force_login(users["board"])
    response = client.get(reverse("awards:statistics"), {"year": 2024, "format": "xlsx"})
    assert response.status_code == 200
    assert_text_cells(response.content, exact=(hostile_records.name,))


def test_statutory_export_writes_the_typed_receiver_as_text(client, users, hostile_records):
    client.force_login(users["board"])
    response = client.get(reverse("awards:statutory"), {"year": 2024, "format": "xlsx", "receiver": HOSTILE})
    assert response.status_code == 200
    assert_text_cells(response.content, HOSTILE)
