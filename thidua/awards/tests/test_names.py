"""Issue 13.12: tone marks distinguish people. Duplicate checks compare NFC, case-folded names
(tone marks kept); names and codes are stored NFC; codes with invisible characters are refused."""

import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.awards.models import AwardRecord, ImportJob, ImportStatus, Person
from thidua.awards.services import importing
from thidua.core.errors import ValidationFailed
from thidua.core.text import name_key
from thidua.organisation.models import Unit

from .test_import import row, run, xlsx

pytestmark = pytest.mark.django_db

FOUR = ["Nguyễn Văn Hùng", "Nguyễn Văn Hưng", "Nguyễn Văn Hứng", "Nguyễn Văn Hung"]


def _post(client, user, scope, content, capture):
    client.force_login(user)
    with capture(execute=True):
        response = client.post(
            reverse("awards:import_upload"),
            {"scope": scope.pk, "file": SimpleUploadedFile("ds.xlsx", content)},
        )
    assert response.status_code == 302
    return ImportJob.objects.latest("pk")


def test_four_names_differing_by_tone_are_four_people_over_http(
    client, seeded, users, ministry, django_capture_on_commit_callbacks
):
    content = xlsx([row(i, name=name) for i, name in enumerate(FOUR, start=1)])
    job = _post(client, users["board"], ministry, content, django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.DONE, job.errors
    assert sorted(AwardRecord.objects.values_list("recipient_name", flat=True)) == sorted(FOUR)
    page = client.get(reverse("awards:import_status", args=[job.pk])).content.decode()
    assert "Đã ghi 4 khen thưởng" in page


def test_same_name_in_another_case_or_normal_form_is_a_duplicate_over_http(
    client, seeded, users, ministry, django_capture_on_commit_callbacks
):
    spellings = ["Nguyễn Văn Hùng", unicodedata.normalize("NFD", "Nguyễn Văn Hùng"), "NGUYỄN  VĂN HÙNG"]
    content = xlsx([row(i, name=name) for i, name in enumerate(spellings, start=1)])
    job = _post(client, users["board"], ministry, content, django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.FAILED and not AwardRecord.objects.exists()
    assert [(e["row"], e["message"]) for e in job.errors] == [
        (3, "trùng với dòng 2"),
        (4, "trùng với dòng 2"),
    ]


def test_imported_names_are_stored_nfc_and_match_an_existing_record(seeded, users, ministry):
    job = run(users, xlsx([row(1, name=unicodedata.normalize("NFD", "Lê Thị Hương"))]), scope=ministry)
    record = AwardRecord.objects.get(import_job=job)
    assert record.recipient_name == "Lê Thị Hương" and unicodedata.is_normalized("NFC", record.recipient_name)
    again = run(users, xlsx([row(1, name="LÊ THỊ HƯƠNG")]), scope=ministry)
    assert again.status == ImportStatus.FAILED and "đã có trong lịch sử" in again.errors[0]["message"]
    other = run(users, xlsx([row(1, name="Lê Thị Hường")]), scope=ministry)
    assert other.status == ImportStatus.DONE, "Hường is not Hương"


def test_person_is_linked_by_name_with_tone_marks(seeded, users, ministry, provinces):
    unit = Unit.objects.get(code="T-1")
    hung = Person.objects.create(unit=unit, full_name="Trần Văn Hùng")
    Person.objects.create(unit=unit, full_name="Trần Văn Hưng")
    run(users, xlsx([row(1, name="Trần Văn Hùng")]), scope=ministry)
    assert AwardRecord.objects.get().person_id == hung.pk, "not left unlinked as a homonym of Hưng"


def test_codes_with_zero_width_characters_are_refused_in_the_import(seeded, users, ministry):
    job = run(users, xlsx([row(1, unit="T-1\u200b"), row(2, number="15/QĐ\u200d-CAT")]), scope=ministry)
    assert job.status == ImportStatus.FAILED and not AwardRecord.objects.exists()
    assert [(e["row"], e["column"]) for e in job.errors] == [
        (2, "Đơn vị (tên hoặc mã)"),
        (3, "Số quyết định"),
    ]
    assert all("ký tự ẩn" in e["message"] for e in job.errors)


def test_models_store_nfc_and_refuse_invisible_codes(ministry):
    unit = Unit.objects.create(
        name=unicodedata.normalize("NFD", "Công an tỉnh Hậu Giang"), code="CA-HG", parent=ministry
    )
    assert unit.name == "Công an tỉnh Hậu Giang"
    with pytest.raises(ValidationFailed, match="ký tự ẩn"):
        Unit.objects.create(name="Công an tỉnh Giả", code="CA-HG\u200b", parent=ministry)
    person = Person.objects.create(unit=unit, full_name=unicodedata.normalize("NFD", " Đặng Thị Thuỷ "))
    assert person.full_name == "Đặng Thị Thuỷ"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(["Hùng", "Hưng", "Hứng", "Hung", "Hừng", "Hững", "Hửng", "Hựng"]),
        min_size=1,
        max_size=6,
    )
)
def test_validation_refuses_exactly_the_repeated_names(seeded, ministry, provinces, given_names):
    rows = [row(i, name=f"Phạm Văn {name}") for i, name in enumerate(given_names, start=1)]
    clean, errors = importing.validate(rows=rows, catalogue=importing.Catalogue(scope=ministry))
    distinct = {name_key(name) for name in given_names}
    assert len(clean) == len(distinct)
    assert len(errors) == len(given_names) - len(distinct)
