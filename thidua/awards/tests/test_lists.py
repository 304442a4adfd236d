"""Issue 15.12: the award history pages through 337 rows, searches by person, unit, title, year, sorts by
whitelisted columns only; the same search and sort in the API; hostile parameters are a clear 4xx or the
default order, never a 500."""

import re

import pytest
from django.urls import reverse

from .factories import PersonFactory, RecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(seeded, provinces):
    unit = provinces[1]
    people = [PersonFactory(unit=unit, full_name=f"Trần Văn Hùng {i:03d}") for i in range(335)]
    for i, person in enumerate(people):
        RecordFactory(award_type=seeded["CSTT"], person=person, year=2019 + i % 6)
    RecordFactory(
        award_type=seeded["CSTT"], person=PersonFactory(unit=unit, full_name="Lê Thị Hưng"), year=2023
    )
    RecordFactory(award_type=seeded["BK-BCA-TT"], unit=unit, year=2022)
    return unit


def _rows(body: str) -> list[str]:
    table = body.split('id="history"')[1].split("<tbody>")[1].split("</tbody>")[0]
    return re.findall(r"<tr>(.*?)</tr>", table, re.S)


def test_history_pages_of_fifty_with_the_filters_kept(client, users, history, django_assert_max_num_queries):
    client.force_login(users["officer"])
    with django_assert_max_num_queries(10):
        first = client.get(reverse("awards:history"), {"year": "2023"}).content.decode()
    rows = _rows(first)
    assert len(rows) == 50 and all("<td>2023</td>" in row for row in rows)
    assert "1–50 / 57 dòng" in first  # 335 / 6 + Lê Thị Hưng → 57 records in 2023
    assert 'href="?year=2023&amp;page=2"' in first
    second = client.get(reverse("awards:history"), {"year": "2023", "page": "2"}).content.decode()
    assert len(_rows(second)) == 7
    everything = client.get(reverse("awards:history")).content.decode()
    assert "1–50 / 337 dòng" in everything


def test_history_search_by_name_unit_title_and_decision(client, users, history, seeded):
    client.force_login(users["officer"])
    url = reverse("awards:history")
    # tone marks are folded for search only: "hung" finds Hùng and Hưng, "Hưng" finds both too
    hung = client.get(url, {"q": "Lê Thị Hưng"}).content.decode()
    assert len(_rows(hung)) == 1 and "Lê Thị Hưng" in hung
    assert len(_rows(client.get(url, {"q": "hung 012"}).content.decode())) == 1
    titled = client.get(url, {"q": "bằng khen"}).content.decode()
    assert len(_rows(titled)) == 1 and seeded["BK-BCA-TT"].name in titled
    by_unit = client.get(url, {"q": "tien giang", "year": "2022"}).content.decode()
    assert len(_rows(by_unit)) >= 1 and all("2022" in row for row in _rows(by_unit))
    assert "Không có dữ liệu" in client.get(url, {"q": "không ai có tên này"}).content.decode()


def _hung_number(row: str) -> str:
    match = re.search(r"Trần Văn Hùng (\d+)", row)
    assert match is not None
    return match.group(1)


def test_history_sorts_by_whitelisted_columns_and_ignores_others(client, users, history):
    client.force_login(users["officer"])
    url = reverse("awards:history")
    ascending = _rows(client.get(url, {"sort": "name", "year": "2019"}).content.decode())
    names = [_hung_number(row) for row in ascending]
    assert names == sorted(names)
    descending = _rows(client.get(url, {"sort": "-name", "year": "2019"}).content.decode())
    backwards = [_hung_number(row) for row in descending]
    assert backwards == sorted(backwards, reverse=True) and backwards[0] > names[-1]
    default = client.get(url).content.decode()
    for hostile in ("password", "unit__path); DROP TABLE x;--", "--name", "n\x00ame", "x" * 5000, "-" * 3):
        response = client.get(url, {"sort": hostile})
        assert response.status_code == 200
        assert _rows(response.content.decode()) == _rows(default)


HOSTILE = [
    ({"year": "-1"}, 400),
    ({"year": "99999999999999999999"}, 400),
    ({"year": "2023abc"}, 400),
    ({"unit": "1 OR 1=1"}, 400),
    ({"q": "a\x00b"}, 400),
    ({"q": "x" * 201}, 400),
    ({"page": "-5"}, 200),  # Paginator: junk → first page
    ({"page": "999999999999"}, 200),  # past the end → last page
]


def test_hostile_filters_are_a_vietnamese_400(client, users, history):
    client.force_login(users["officer"])
    for params, status in HOSTILE:
        response = client.get(reverse("awards:history"), params)
        assert response.status_code == status, params
        if status == 400:
            assert "không hợp lệ" in response.content.decode()


def test_history_of_another_unit_is_empty_not_leaked(client, users, history, other_province, seeded):
    RecordFactory(
        award_type=seeded["CSTT"], person=PersonFactory(unit=other_province, full_name="Người Ngoài")
    )
    client.force_login(users["officer"])
    body = client.get(reverse("awards:history"), {"unit": str(other_province.pk), "q": "Người Ngoài"}).content
    assert _rows(body.decode()) == ['<td colspan="5" class="muted">Không có dữ liệu.</td>']


def test_api_records_search_and_sort(client, users, history):
    client.force_login(users["officer"])
    found = client.get("/api/v1/awards/records", {"q": "hưng", "year": 2023}).json()
    assert [r["recipient_name"] for r in found if "Lê" in r["recipient_name"]] == ["Lê Thị Hưng"]
    names = [
        r["recipient_name"] for r in client.get("/api/v1/awards/records", {"sort": "name", "limit": 5}).json()
    ]
    assert names == sorted(names)
    unknown = client.get("/api/v1/awards/records", {"sort": "x; drop", "limit": 3})
    assert unknown.status_code == 200 and len(unknown.json()) == 3  # an unknown sort: the default order
    # like every text input of the API, a NUL character or an overlong value is a clear 422
    assert client.get("/api/v1/awards/records", {"sort": "x\x00; drop"}).status_code == 422
    assert client.get("/api/v1/awards/records", {"sort": "y" * 201}).status_code == 422
    assert client.get("/api/v1/awards/records", {"q": "a\x00"}).status_code == 422


@pytest.fixture
def close_to_titles(seeded, provinces):
    """60 officers of Tiền Giang with CSTĐCS 2023 and 2024: each one title from CSTĐ toàn lực lượng in 2025."""
    people = [PersonFactory(unit=provinces[1], full_name=f"Phạm Minh Đức {i:02d}") for i in range(60)]
    for person in people:
        for year in (2023, 2024):
            RecordFactory(award_type=seeded["CSTDCS"], person=person, year=year)
    return people


def _next_rows(body: str) -> list[str]:
    table = body.split('id="next"')[1].split("<tbody>")[1].split("</tbody>")[0]
    return re.findall(r"<tr>(.*?)</tr>", table, re.S)


def test_next_eligible_pages_searches_and_sorts(client, users, close_to_titles):
    client.force_login(users["officer"])
    url = reverse("awards:next_eligible")
    first = client.get(url, {"year": "2025"}).content.decode()
    assert len(_next_rows(first)) == 50 and "1–50 / 60 dòng" in first
    assert len(_next_rows(client.get(url, {"year": "2025", "page": "2"}).content.decode())) == 10
    found = _next_rows(client.get(url, {"year": "2025", "q": "duc 07"}).content.decode())
    assert len(found) == 1 and "Phạm Minh Đức 07" in found[0]
    backwards = _next_rows(client.get(url, {"year": "2025", "sort": "-person"}).content.decode())
    assert "Phạm Minh Đức 59" in backwards[0]
    for hostile in ("__class__", "x" * 3000, "-"):
        assert _next_rows(client.get(url, {"year": "2025", "sort": hostile}).content.decode()) == _next_rows(
            first
        )
    assert client.get(url, {"year": "20x5"}).status_code == 400
    assert client.get(url, {"q": "\x00"}).status_code == 400


def test_next_eligible_api_answers_like_the_page(client, users, close_to_titles, provinces):
    """15.12: GET /awards/next-eligible is the page's list: same selector, scope, search, sort, paging."""
    client.force_login(users["officer"])
    url = "/api/v1/awards/next-eligible"
    rows = client.get(url, {"year": 2025, "limit": 1000}).json()
    assert len(rows) == 60
    assert {r["unit_id"] for r in rows} == {provinces[1].pk}
    assert rows[0]["award_name"] and rows[0]["citation"] and rows[0]["blocked"] is False
    page = _next_rows(
        client.get(reverse("awards:next_eligible"), {"year": "2025", "sort": "person"}).content.decode()
    )
    api = client.get(url, {"year": 2025, "sort": "person", "limit": 50}).json()
    assert [r["person_name"] for r in api] == [re.findall(r"Phạm Minh Đức \d\d", row)[0] for row in page]
    assert [
        r["person_name"]
        for r in client.get(url, {"year": 2025, "sort": "-person", "limit": 2, "offset": 1}).json()
    ] == [
        "Phạm Minh Đức 58",
        "Phạm Minh Đức 57",
    ]
    found = client.get(url, {"year": 2025, "q": "duc 07"}).json()
    assert [r["person_name"] for r in found] == ["Phạm Minh Đức 07"]
    assert (
        client.get(url, {"year": 2025, "sort": "__class__"}).json()[0]["person_name"]
        == rows[0]["person_name"]
    )
    assert client.get(url, {"year": "20x5"}).status_code == 422
    assert client.get(url, {"q": "\x00"}).status_code == 422


@pytest.mark.parametrize("role", ["foreign_officer", "nobody"])
def test_next_eligible_api_lists_nobody_outside_the_callers_units(
    client, users, close_to_titles, provinces, role
):
    client.force_login(users[role])
    assert client.get("/api/v1/awards/next-eligible", {"year": 2025}).json() == []
    assert client.get("/api/v1/awards/next-eligible", {"year": 2025, "unit_id": provinces[1].pk}).json() == []
    client.logout()
    assert client.get("/api/v1/awards/next-eligible").status_code == 401
