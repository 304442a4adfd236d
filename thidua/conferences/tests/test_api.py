"""Conferences through the API: dates known to the month or the year (16.3) round-trip as known."""

import datetime

import pytest

from thidua.conferences.models import Conference, SideEvent
from thidua.conferences.tests.factories import ConferenceFactory
from thidua.emulation.tests.factories import make_periods

pytestmark = pytest.mark.django_db


def _create(client, term, date, **extra):
    return client.post(
        "/api/v1/conferences",
        {
            "term_id": term.pk,
            "kind": "year_end",
            "title": "Hội nghị tổng kết năm 2024",
            "date": date,
            **extra,
        },
        content_type="application/json",
    )


@pytest.mark.parametrize(
    ("sent", "returned", "precision", "stored"),
    [
        ("2024", "2024", "year", datetime.date(2024, 1, 1)),
        ("11/2024", "2024-11", "month", datetime.date(2024, 11, 1)),
        ("2024-11", "2024-11", "month", datetime.date(2024, 11, 1)),
        ("2024-11-14", "2024-11-14", "day", datetime.date(2024, 11, 14)),
        ("14/11/2024", "2024-11-14", "day", datetime.date(2024, 11, 14)),
    ],
)
def test_a_conference_date_round_trips_with_its_precision(
    client, users, term, sent, returned, precision, stored
):
    client.force_login(users["cluster_staff"])
    response = _create(client, term, sent)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["date"], body["date_precision"]) == (returned, precision)
    conference = Conference.objects.get(pk=body["id"])
    assert (conference.date, conference.date_precision) == (stored, precision)
    again = client.get(f"/api/v1/conferences/{conference.pk}").json()
    assert (again["date"], again["date_precision"]) == (returned, precision)


@pytest.mark.parametrize(
    "date", ["31/02/2024", "13/2024", "1800", "2024\x00", "=NOW()", "2" * 300, 20240101, None]
)
def test_an_impossible_or_hostile_date_is_a_vietnamese_422_and_stores_nothing(client, users, term, date):
    client.force_login(users["cluster_staff"])
    response = _create(client, term, date)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors and errors[0]["field"] == "date"
    assert any(word in errors[0]["message"] for word in ("Ngày", "Năm", "bắt buộc"))
    assert not Conference.objects.exists()


def test_a_side_event_known_to_the_month_round_trips(client, users, term):
    conference = ConferenceFactory(term=term)
    client.force_login(users["cluster_staff"])
    response = client.post(
        f"/api/v1/conferences/{conference.pk}/side-events",
        {"kind": "commemoration", "title": "Dâng hương tại Khu di tích", "date": "7/2023"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert (response.json()["date"], response.json()["date_precision"]) == ("2023-07", "month")
    assert SideEvent.objects.get().date == datetime.date(2023, 7, 1)


def test_period_matching_uses_the_known_part(client, users, term, ministry):
    periods = make_periods(ministry, 2024)
    year_known = ConferenceFactory(term=term, date=datetime.date(2024, 1, 1), date_precision="year")
    february = ConferenceFactory(term=term, date=datetime.date(2024, 2, 1), date_precision="month")
    march_day = ConferenceFactory(term=term, date=datetime.date(2024, 3, 20))
    client.force_login(users["board"])

    def ids(period):
        response = client.get("/api/v1/conferences", {"period_id": periods[period].pk})
        assert response.status_code == 200
        return {row["id"] for row in response.json()}

    assert ids("q1") == {february.pk, march_day.pk}  # "năm 2024" is not a Q1 conference
    assert ids("year") == {year_known.pk, february.pk, march_day.pk}
    assert ids("q2") == set()
    assert client.get("/api/v1/conferences", {"period_id": 999999}).status_code == 404


def test_the_list_sorts_by_the_known_part(client, users, term):
    day = ConferenceFactory(term=term, date=datetime.date(2024, 11, 14))
    year = ConferenceFactory(term=term, date=datetime.date(2024, 1, 1), date_precision="year")
    first_january = ConferenceFactory(term=term, date=datetime.date(2024, 1, 1))
    older = ConferenceFactory(term=term, date=datetime.date(2023, 12, 1), date_precision="month")
    client.force_login(users["board"])
    rows = client.get("/api/v1/conferences", {"term_id": term.pk}).json()
    assert [row["id"] for row in rows] == [day.pk, first_january.pk, year.pk, older.pk]
    assert [row["date"] for row in rows] == ["2024-11-14", "2024-01-01", "2024", "2023-12"]
