"""16.9: people created, searched and changed on pages and through the API, scoped to the actor's units;
dates of birth and service start stored as far as known; the Excel import matches people by name + unit
(tone marks distinguish) and creates the missing ones only once confirmed."""

import datetime
import json
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from thidua.awards import services
from thidua.awards.models import AwardRecord, ImportJob, ImportStatus, Person
from thidua.awards.services import importing
from thidua.core.errors import AccessDenied, ValidationFailed
from thidua.organisation.models import Role

from .factories import PersonFactory
from .test_import import row, xlsx

pytestmark = pytest.mark.django_db
API = "/api/v1/awards"


def call(client, user, method, url, payload=None):
    client.force_login(user)
    kwargs = {"content_type": "application/json", "data": json.dumps(payload)} if payload is not None else {}
    return getattr(client, method)(url, **kwargs)


# -- services ---------------------------------------------------------------------------------------


def test_person_dates_are_kept_as_far_as_known(users, provinces):
    person = services.person_create(
        actor=users["officer"],
        unit=provinces[1],
        full_name="  Nguyễn Văn Hùng ",
        rank="Thiếu tá",
        birth_date="1980",
        service_start="09/1998",
    )
    person.refresh_from_db()
    assert person.full_name == "Nguyễn Văn Hùng"
    assert (person.birth_known.iso(), person.birth_date_precision) == ("1980", "year")
    assert (person.service_start_known.iso(), person.service_start_precision) == ("1998-09", "month")
    unknown = services.person_create(actor=users["officer"], unit=provinces[1], full_name="Lê Thị Hoa")
    assert unknown.birth_date is None and unknown.service_start is None  # not known: never invented


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"full_name": "   "}, "full_name"),
        ({"full_name": "x" * 151}, "full_name"),
        ({"birth_date": "2150"}, "birth_date"),
        ({"birth_date": "2999"}, "birth_date"),
        ({"birth_date": "1990", "service_start": "1995"}, "service_start"),
    ],
)
def test_person_refuses_bad_values_and_stores_nothing(users, provinces, values, field):
    with pytest.raises(ValidationFailed) as refused:
        services.person_create(
            actor=users["officer"], unit=provinces[1], **{"full_name": "Trần Văn An", **values}
        )
    assert refused.value.field == field
    assert not Person.objects.exists()


def test_people_are_managed_only_in_ones_own_units(users, provinces, other_province):
    with pytest.raises(AccessDenied):
        services.person_create(actor=users["officer"], unit=other_province, full_name="Trần Văn An")
    with pytest.raises(AccessDenied):
        services.person_create(actor=users["viewer"], unit=provinces[1], full_name="Trần Văn An")
    person = services.person_create(actor=users["board"], unit=provinces[1], full_name="Trần Văn An")
    with pytest.raises(AccessDenied):
        services.person_update(actor=users["officer"], person=person, unit=other_province)
    person.refresh_from_db()
    assert person.unit_id == provinces[1].pk


def test_a_change_keeps_the_former_values_in_the_history(users, provinces):
    person = services.person_create(
        actor=users["officer"], unit=provinces[1], full_name="Trần Văn An", rank="Đại úy"
    )
    services.person_update(actor=users["officer"], person=person, rank="Thiếu tá", birth_date="03/1985")
    person.refresh_from_db()
    assert person.rank == "Thiếu tá" and person.birth_known.iso() == "1985-03"
    assert [h.rank for h in person.history.order_by("history_date")] == ["Đại úy", "Thiếu tá"]


# -- API --------------------------------------------------------------------------------------------


def test_api_creates_searches_and_updates_people(client, users, provinces):
    officer = users["officer"]
    payload = {"full_name": "Nguyễn Văn Hùng", "unit_id": provinces[1].pk, "birth_date": "1980-03"}
    created = call(client, officer, "post", f"{API}/people", payload)
    assert created.status_code == 201
    body = created.json()
    assert (body["birth_date"], body["birth_date_precision"], body["service_start"]) == (
        "1980-03",
        "month",
        None,
    )
    call(
        client, officer, "post", f"{API}/people", {"full_name": "Nguyễn Văn Hưng", "unit_id": provinces[1].pk}
    )
    found = call(client, users["viewer"], "get", f"{API}/people?q=hung").json()
    assert sorted(p["full_name"] for p in found) == [
        "Nguyễn Văn Hùng",
        "Nguyễn Văn Hưng",
    ]  # search folds tones
    exact = call(client, users["viewer"], "get", f"{API}/people?q=Hưng").json()
    assert sorted(p["full_name"] for p in exact) == ["Nguyễn Văn Hùng", "Nguyễn Văn Hưng"]  # search only
    patched = call(
        client,
        officer,
        "patch",
        f"{API}/people/{body['id']}",
        {"position": "Đội trưởng", "service_start": "1998"},
    ).json()
    assert (patched["position"], patched["service_start"], patched["birth_date"]) == (
        "Đội trưởng",
        "1998",
        "1980-03",
    )
    cleared = call(client, officer, "patch", f"{API}/people/{body['id']}", {"birth_date": None}).json()
    assert cleared["birth_date"] is None
    assert call(client, officer, "get", f"{API}/people/{body['id']}").json()["position"] == "Đội trưởng"


@pytest.mark.parametrize(
    "payload",
    [
        {"full_name": "", "unit_id": 0},
        {"full_name": "a\x00b"},
        {"full_name": "x" * 200},
        {"birth_date": "32/13/1980"},
        {"birth_date": "2999"},
        {"unit_id": -1},
        {"unit_id": 2**70},
    ],
)
def test_api_refuses_hostile_people_in_vietnamese(client, users, provinces, payload):
    body = {"full_name": "Trần Văn An", "unit_id": provinces[1].pk, **payload}
    response = call(client, users["officer"], "post", f"{API}/people", body)
    assert response.status_code in (404, 422)
    assert response.json().get("message") or response.json().get("errors")
    assert not Person.objects.exists()


def test_api_people_are_scoped_to_the_actors_units(client, users, provinces, other_province):
    foreign = PersonFactory(unit=other_province, full_name="Phạm Văn Nam")
    officer = users["officer"]
    assert call(client, officer, "get", f"{API}/people/{foreign.pk}").status_code == 404
    assert call(client, officer, "patch", f"{API}/people/{foreign.pk}", {"rank": "Đại tá"}).status_code == 404
    response = call(
        client, officer, "post", f"{API}/people", {"full_name": "An", "unit_id": other_province.pk}
    )
    assert response.status_code == 404
    assert [p["id"] for p in call(client, officer, "get", f"{API}/people?q=nam").json()] == []
    foreign.refresh_from_db()
    assert foreign.rank == "Thượng úy"


# -- pages ------------------------------------------------------------------------------------------


def test_people_page_creates_searches_and_edits(client, users, provinces):
    client.force_login(users["officer"])
    response = client.post(
        reverse("awards:people"),
        {"full_name": "Nguyễn Văn Hùng", "unit": provinces[1].pk, "rank": "Đại úy", "birth_date": "1980"},
    )
    person = Person.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "awards:person_detail", args=[person.pk]
    )
    page = client.get(reverse("awards:people"), {"q": "hung"}).content.decode()
    assert "Nguyễn Văn Hùng" in page and "năm 1980" in page
    response = client.post(
        reverse("awards:person_detail", args=[person.pk]),
        {
            "full_name": "Nguyễn Văn Hùng",
            "unit": provinces[1].pk,
            "rank": "Thiếu tá",
            "service_start": "09/1998",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.rank == "Thiếu tá" and person.service_start_known.iso() == "1998-09"
    assert person.birth_date is None  # the form sent no birth date: cleared as asked
    detail = client.get(reverse("awards:person_detail", args=[person.pk])).content.decode()
    assert "tháng 09/1998" in detail or "tháng 9/1998" in detail


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"full_name": ""}, "Cần nhập họ và tên."),
        ({"birth_date": "31/02/1980"}, "Ngày"),
        ({"full_name": "a\x00"}, "NUL"),
        ({"birth_date": "2150"}, "tương lai"),
    ],
)
def test_people_page_refuses_bad_input_in_vietnamese(client, users, provinces, data, message):
    client.force_login(users["officer"])
    response = client.post(
        reverse("awards:people"), {"full_name": "Trần Văn An", "unit": provinces[1].pk, **data}
    )
    assert response.status_code == 422 and message in response.content.decode()
    assert not Person.objects.exists()


def test_people_page_refuses_a_foreign_unit_and_person(client, users, other_province):
    client.force_login(users["officer"])
    response = client.post(reverse("awards:people"), {"full_name": "Trần Văn An", "unit": other_province.pk})
    assert response.status_code == 422 and not Person.objects.exists()  # not among the choices
    foreign = PersonFactory(unit=other_province)
    assert client.get(reverse("awards:person_detail", args=[foreign.pk])).status_code == 404


def test_people_page_queries_flat(client, users, provinces, django_assert_max_num_queries):
    for index in range(20):
        PersonFactory(unit=provinces[1 + index % 2])
    client.force_login(users["board"])
    with django_assert_max_num_queries(20):
        response = client.get(reverse("awards:people"))
    assert response.content.decode().count('id="person-') == 21  # 20 rows + the create card


# -- Excel import: match by name + unit, create the missing people on confirmation ------------------


def _run(users, content, *, confirm=True, scope):
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = importing.job_create(
            actor=users["board"], scope=scope, name="ds.xlsx", content=content, confirm_new_people=confirm
        )
    job.refresh_from_db()
    return job


def test_import_lists_new_people_then_creates_them_on_confirmation(seeded, users, ministry, provinces):
    hung = PersonFactory(unit=provinces[1], full_name="Nguyễn Văn Hùng")
    nfd = unicodedata.normalize("NFD", "Nguyễn Văn Hùng")  # the same name typed in NFD
    content = xlsx(
        [
            row(1, name=nfd),
            row(2, name="Nguyễn Văn Hưng"),  # another tone: another person, new
            row(3, name="Nguyễn Văn Hưng", award="CSTDCS", number="16/QĐ-CAT"),  # same new person, one entry
            row(4, name="Lê Thị Hoa", unit="T-2"),
        ]
    )
    job = _run(users, content, scope=ministry)
    assert job.status == ImportStatus.PREVIEW and not AwardRecord.objects.exists()
    assert job.new_people_count == 2
    assert {(p["full_name"], p["unit_id"]) for p in job.new_people} == {
        ("Nguyễn Văn Hưng", provinces[1].pk),
        ("Lê Thị Hoa", provinces[2].pk),
    }
    assert Person.objects.count() == 1
    with TestCase.captureOnCommitCallbacks(execute=True):
        importing.job_confirm_people(actor=users["board"], job=job)
    job.refresh_from_db()
    assert (job.status, job.created_count, job.people_created) == (ImportStatus.DONE, 4, 2)
    hung_records = AwardRecord.objects.filter(person=hung)
    assert hung_records.count() == 1
    hưng = Person.objects.get(full_name="Nguyễn Văn Hưng")
    assert hưng.unit_id == provinces[1].pk and hưng.rank == "Đại úy" and hưng.history.count() == 1
    assert AwardRecord.objects.filter(person=hưng).count() == 2
    assert AwardRecord.objects.filter(person__isnull=True).count() == 0


def test_import_cancelled_in_preview_stores_nothing(seeded, users, ministry, provinces):
    job = _run(users, xlsx([row(1)]), scope=ministry)
    assert job.status == ImportStatus.PREVIEW
    importing.job_cancel(actor=users["board"], job=job)
    job.refresh_from_db()
    assert (
        job.status == ImportStatus.CANCELLED
        and not AwardRecord.objects.exists()
        and not Person.objects.exists()
    )


def test_import_without_confirmation_records_names_unlinked(seeded, users, ministry, provinces):
    job = _run(users, xlsx([row(1)]), confirm=False, scope=ministry)
    assert job.status == ImportStatus.DONE and AwardRecord.objects.get().person_id is None
    assert not Person.objects.exists()


def test_import_preview_and_confirmation_on_the_page(client, seeded, users, ministry, provinces):
    client.force_login(users["board"])
    upload = SimpleUploadedFile("ds.xlsx", xlsx([row(1, name="Võ Văn Kiệt")]))
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("awards:import_upload"), {"scope": ministry.pk, "file": upload, "new_people": "confirm"}
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == ImportStatus.PREVIEW
    page = client.get(reverse("awards:import_status", args=[job.pk])).content.decode()
    assert "Võ Văn Kiệt" in page and 'id="confirm-people"' in page and "hx-get" not in page
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("awards:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    person = AwardRecord.objects.get().person
    assert job.status == ImportStatus.DONE and person is not None and person.full_name == "Võ Văn Kiệt"
    again = client.post(reverse("awards:import_confirm", args=[job.pk]))  # not waiting any more
    assert again.status_code == 302 and Person.objects.count() == 1


def test_import_through_the_api_preview_confirm(client, seeded, users, ministry, provinces):
    client.force_login(users["board"])
    upload = SimpleUploadedFile(
        "ds.xlsx", xlsx([row(1, name="Võ Văn Kiệt"), row(2, name="Võ Văn Kiệt", number="2/QĐ")])
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(f"{API}/imports", {"scope_id": ministry.pk, "file": upload})
    assert response.status_code == 202
    body = client.get(f"{API}/imports/{response.json()['id']}").json()
    assert body["status"] == "preview" and body["new_people_count"] == 1
    assert body["new_people"][0]["full_name"] == "Võ Văn Kiệt"
    with TestCase.captureOnCommitCallbacks(execute=True):
        confirmed = client.post(f"{API}/imports/{body['id']}/confirm")
    assert confirmed.status_code == 202
    done = client.get(f"{API}/imports/{body['id']}").json()
    assert (done["status"], done["created_count"], done["people_created"]) == ("done", 2, 1)
    assert client.post(f"{API}/imports/{body['id']}/confirm").status_code == 409
    assert client.post(f"{API}/imports/{body['id']}/cancel").status_code == 409


def test_api_import_refuses_a_foreign_scope_and_a_non_excel_file(
    client, seeded, users, provinces, other_province, make_user
):
    board = make_user(Role.BOARD, provinces[1])
    client.force_login(board)
    upload = SimpleUploadedFile("ds.xlsx", xlsx([row(1)]))
    assert client.post(f"{API}/imports", {"scope_id": other_province.pk, "file": upload}).status_code == 404
    text = SimpleUploadedFile("ds.xlsx", b"=cmd|' /C calc'!A0")
    response = client.post(f"{API}/imports", {"scope_id": provinces[1].pk, "file": text})
    assert response.status_code in (413, 415, 422) and response.json()["message"]
    assert not ImportJob.objects.exists()


def test_a_birth_year_is_stored_as_a_date_known_to_the_year():
    """A birth year (as migration 0014 moves the former birth_year) keeps precision "year": never 01/01."""
    person = PersonFactory()
    person.birth_known = "1975"
    person.save()
    person.refresh_from_db()
    assert person.birth_date == datetime.date(1975, 1, 1) and person.birth_date_precision == "year"
