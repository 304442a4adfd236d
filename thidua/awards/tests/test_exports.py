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


def test_records_export_uses_names_not_codes_and_reads_back(client, users, seeded, provinces):
    """15.13: the award and the unit by name (not CSTD-CAND / CA-…-PK02); the importer reads names back."""
    import io

    from python_calamine import CalamineWorkbook

    from thidua.awards.services.importing import Catalogue

    unit = provinces[1]
    RecordFactory(award_type=seeded["CSTD-CAND"], person=PersonFactory(unit=unit), year=2024)
    client.force_login(users["board"])
    response = client.get(reverse("awards:records_export"), {"year": 2024})
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert rows[1][1] == seeded["CSTD-CAND"].name and rows[1][6] == unit.name
    assert "CSTD-CAND" not in {str(v) for row in rows for v in row} and unit.code not in {
        str(v) for v in rows[1]
    }
    catalogue = Catalogue(scope=unit.parent)
    assert catalogue.award(str(rows[1][1])) == seeded["CSTD-CAND"]
    assert (
        catalogue.unit_names[__import__("thidua.core.text", fromlist=["name_key"]).name_key(rows[1][6])][0]
        == unit.pk
    )
