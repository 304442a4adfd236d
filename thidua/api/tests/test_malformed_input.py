"""Malformed or hostile input gets a 4xx with a Vietnamese message naming the field, never a 500
(issue 13.13): pagination bounds, out-of-range integers, NUL characters, null in NOT NULL fields of a
PATCH, an unreadable multipart body, a body above the upload limit."""

import pytest
from django.test import Client

from thidua.api.api import api as ninja_api
from thidua.conferences.tests.factories import ConferenceFactory
from thidua.emulation.models import Covenant, ModelInitiative
from thidua.organisation.models import Role, Unit
from thidua.organisation.tests.factories import UnitRoleFactory

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def admin(client, users):
    client.force_login(users["admin"])
    return client


def _fields(response) -> dict[str, str]:
    body = response.json()
    assert body["code"] == "validation_failed", body
    return {error["field"]: error["message"] for error in body["errors"]}


@pytest.mark.parametrize(
    ("path", "field", "message"),
    [
        ("/units?limit=-1", "limit", "Giá trị phải lớn hơn hoặc bằng 1."),
        ("/units?offset=-5", "offset", "Giá trị phải lớn hơn hoặc bằng 0."),
        ("/units?limit=100000", "limit", "Giá trị phải nhỏ hơn hoặc bằng 1000."),
        ("/documents?offset=-1", "offset", "Giá trị phải lớn hơn hoặc bằng 0."),
        ("/emulation/initiatives?limit=-3", "limit", "Giá trị phải lớn hơn hoặc bằng 1."),
        ("/awards/records?limit=0&offset=-300", "limit", "Giá trị phải lớn hơn hoặc bằng 1."),
        ("/cluster-terms?year=99999999999999999999", "year", "Giá trị phải nhỏ hơn hoặc bằng 2100."),
        ("/emulation/movements?year=-13857043681419", "year", "Giá trị phải lớn hơn hoặc bằng 2000."),
        ("/awards/decisions?year=1", "year", "Giá trị phải lớn hơn hoặc bằng 2000."),
        ("/units?q=a%00b", "q", "Không được chứa ký tự NUL (\\0)."),
        ("/emulation/initiatives?q=%00", "q", "Không được chứa ký tự NUL (\\0)."),
        ("/units?q=" + "x" * 201, "q", "Tối đa 200 ký tự."),
    ],
)
def test_bad_list_parameters_are_a_422_naming_the_field(admin, path, field, message):
    response = admin.get(f"{API}{path}")
    assert response.status_code == 422, response.content
    assert _fields(response)[field] == message


def test_a_huge_id_in_the_path_is_a_404(admin):
    response = admin.get(f"{API}/units/99999999999999999999")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_integers_beyond_their_column_are_refused(admin, term):
    conference = ConferenceFactory(term=term)
    response = admin.post(
        f"{API}/ballots",
        {
            "conference_id": conference.pk,
            "kind": "yes_no",
            "title": "Biểu quyết",
            "votes_per_unit": 70000,
            "max_choices": 2**40,
        },
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    assert _fields(response) == {
        "votes_per_unit": "Giá trị phải nhỏ hơn hoặc bằng 32767.",
        "max_choices": "Giá trị phải nhỏ hơn hoặc bằng 32767.",
    }


def test_nul_in_a_text_field_is_refused_before_the_database(admin, ministry):
    response = admin.post(
        f"{API}/units",
        {"kind": "provincial_police", "name": "Công an\x00 tỉnh", "code": "X-1", "parent_id": ministry.pk},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert _fields(response) == {"name": "Không được chứa ký tự NUL (\\0)."}
    assert not Unit.objects.filter(code="X-1").exists()


def test_patch_with_null_in_a_not_null_field_is_a_422(admin, provinces):
    unit = provinces[0]
    response = admin.patch(
        f"{API}/units/{unit.pk}", {"kind": None, "short_name": None}, content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert set(_fields(response)) == {"kind", "short_name"}
    unit.refresh_from_db()
    assert unit.kind and unit.short_name == "CA Sóc Trăng"


def test_patch_of_a_covenant_with_a_null_total_is_a_422(admin, term):
    covenant = Covenant.objects.create(term=term)
    response = admin.patch(
        f"{API}/emulation/covenants/{covenant.pk}",
        {"version": 1, "total_points": None},
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    assert set(_fields(response)) == {"total_points"}
    covenant.refresh_from_db()
    assert covenant.total_points == 100


def test_amendment_fields_are_typed_and_unknown_ones_refused(admin, term):
    covenant = Covenant.objects.create(term=term)
    response = admin.post(
        f"{API}/emulation/covenants/{covenant.pk}/amendments",
        {"reason": "Sửa", "changes": [{"kind": "covenant", "fields": {"total_points": "abc", "owner": 1}}]},
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    assert set(_fields(response)) == {"changes.0.fields.total_points", "changes.0.fields.owner"}


def test_a_body_that_is_not_json_is_a_400_in_the_error_schema(admin):
    response = admin.post(f"{API}/clusters", b"\x07\xff{", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "code": "bad_request",
        "message": "Nội dung gửi lên không phải JSON hợp lệ.",
        "params": {},
    }


def test_a_body_above_the_upload_limit_is_a_413(admin, settings):
    body = b'{"name": "' + b"x" * (6 * 1024 * 1024) + b'"}'
    response = admin.post(f"{API}/units", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
    assert "quá lớn" in response.json()["message"]


def _write_operations():
    schema = ninja_api.get_openapi_schema(path_prefix="")
    for path, methods in schema["paths"].items():
        for method in methods:
            if method in ("post", "put", "patch", "delete"):
                yield method, path.replace("{", "").replace("}", "").replace("_id", "1")


def test_every_write_operation_refuses_a_multipart_body_without_boundary(users, ministry):
    """62 operations answered 500 (MultiPartParserError) to `Content-Type: multipart/form-data`."""
    client = Client(enforce_csrf_checks=False)
    client.force_login(users["admin"])
    operations = list(_write_operations())
    assert len(operations) > 60
    failures = []
    for method, path in operations:
        response = client.generic(
            method.upper(), f"{API}{path}", b"--x\r\n", content_type="multipart/form-data"
        )
        if response.status_code >= 500 or response.get("Content-Type") != "application/json; charset=utf-8":
            failures.append(f"{method} {path}: {response.status_code}")
    assert not failures, failures


def test_initiative_form_of_a_user_with_several_units(client, make_user, provinces):
    """The page form of a user who edits for two units (KeyError 'unit' on POST)."""
    user = make_user(Role.OFFICER, provinces[1])
    UnitRoleFactory(user=user, unit=provinces[2], role=Role.OFFICER)
    client.force_login(user)
    data = {"unit": provinces[2].pk, "kind": "model", "name": "Mô hình Camera an ninh", "year": 2024}
    response = client.post("/thi-dua/mo-hinh/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ModelInitiative.objects.get(name="Mô hình Camera an ninh").unit == provinces[2]
