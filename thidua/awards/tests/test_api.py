"""Awards API (16.8, 16.14): counts without names and the statistics they feed."""

import json

import pytest

from thidua.awards.models import AwardCount
from thidua.organisation.models import Role

from .factories import DecisionFactory, PersonFactory, RecordFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/awards"


def call(client, user, method, url, payload=None):
    client.force_login(user)
    kwargs = {"content_type": "application/json", "data": json.dumps(payload)} if payload is not None else {}
    return getattr(client, method)(url, **kwargs)


def _count(unit, **extra):
    return {
        "award_code": "GK-GD-CN",
        "year": 2019,
        "count": 33,
        "unit_id": unit.pk,
        "source": "Báo cáo tổng kết năm 2019",
        **extra,
    }


def test_api_records_a_count_and_the_statistics_count_it(client, users, seeded, provinces):
    response = call(client, users["board"], "post", f"{API}/counts", _count(provinces[1]))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (
        body["count"],
        body["named"],
        body["remainder"],
        body["decision_number"],
        body["decision_date"],
    ) == (
        33,
        0,
        33,
        "",
        None,
    )
    rows = call(client, users["viewer"], "get", f"{API}/statistics?year=2019").json()
    assert [(row["code"], row["recipient_kind"], row["count"]) for row in rows] == [
        ("GK-GD-CN", "Cá nhân", 33)
    ]
    listed = call(client, users["viewer"], "get", f"{API}/counts?year=2019").json()
    assert [row["id"] for row in listed] == [body["id"]]


def test_api_count_of_a_registered_decision_takes_its_paper_and_subtracts_named_records(
    client, users, seeded, provinces
):
    decision = DecisionFactory(number="15/QĐ-CAT", authority="Giám đốc Công an tỉnh", issuer=provinces[1])
    for _ in range(2):
        RecordFactory(
            award_type=seeded["GK-GD-CN"],
            person=PersonFactory(unit=provinces[1]),
            year=2019,
            decision=decision,
            decision_number=decision.number,
        )
    payload = _count(provinces[1], decision_id=decision.pk, source="", count=10)
    body = call(client, users["board"], "post", f"{API}/counts", payload).json()
    assert (body["decision_number"], body["signer_name"], body["named"], body["remainder"]) == (
        "15/QĐ-CAT",
        decision.signer_name,
        2,
        8,
    )
    rows = call(client, users["board"], "get", f"{API}/statistics?year=2019").json()
    assert [(row["code"], row["count"]) for row in rows] == [("GK-GD-CN", 10)]
    refused = call(client, users["board"], "patch", f"{API}/counts/{body['id']}", {"count": 1})
    assert refused.status_code == 422 and refused.json()["code"] == "award_count_below_named"
    assert AwardCount.objects.get().count == 10


def test_api_patch_and_delete_a_count(client, users, seeded, provinces):
    created = call(client, users["board"], "post", f"{API}/counts", _count(provinces[1])).json()
    response = call(
        client, users["board"], "patch", f"{API}/counts/{created['id']}", {"count": 35, "note": "đã sửa"}
    )
    assert (
        response.status_code == 200 and response.json()["count"] == 35 and response.json()["note"] == "đã sửa"
    )
    assert call(client, users["board"], "delete", f"{API}/counts/{created['id']}").status_code == 204
    assert not AwardCount.objects.exists()


def test_api_duplicate_count_is_a_conflict(client, users, seeded, provinces):
    assert call(client, users["board"], "post", f"{API}/counts", _count(provinces[1])).status_code == 201
    response = call(client, users["board"], "post", f"{API}/counts", _count(provinces[1], count=5))
    assert response.status_code == 409 and response.json()["code"] == "award_count_duplicate"
    assert AwardCount.objects.get().count == 33


@pytest.mark.parametrize(
    "change",
    [
        {"count": -1},
        {"count": 0},
        {"count": 10**12},
        {"source": "a\x00b"},
        {"source": "x" * 300},
        {"year": 1800},
        {"unit_id": None},
        {"cluster_term_id": 1, "unit_id": 1},
        {"award_code": '=HYPERLINK("http://x")'},
    ],
)
def test_api_refuses_hostile_counts_in_vietnamese(client, users, seeded, provinces, change):
    response = call(client, users["board"], "post", f"{API}/counts", _count(provinces[1], **change))
    assert response.status_code in (404, 422)
    assert response.json().get("message") or response.json().get("errors")
    assert not AwardCount.objects.exists()


def test_api_refuses_another_provinces_unit_and_officers(
    client, users, seeded, provinces, other_province, make_user
):
    board = make_user(Role.BOARD, provinces[1])
    assert call(client, board, "post", f"{API}/counts", _count(other_province)).status_code == 404
    assert call(client, users["officer"], "post", f"{API}/counts", _count(provinces[1])).status_code == 403
    assert not AwardCount.objects.exists()
    created = call(client, users["board"], "post", f"{API}/counts", _count(other_province)).json()
    foreign = call(client, board, "patch", f"{API}/counts/{created['id']}", {"count": 1})
    assert foreign.status_code == 404 and AwardCount.objects.get().count == 33


def test_api_statistics_by_cluster_term(client, users, seeded, term, provinces, other_province):
    RecordFactory(award_type=seeded["BK-BCA-TT"], unit=provinces[2], year=2024)
    RecordFactory(award_type=seeded["BK-BCA-TT"], unit=other_province, year=2024)  # not a member
    call(
        client,
        users["board"],
        "post",
        f"{API}/counts",
        {
            "award_code": "BK-BCA-TT",
            "year": 2024,
            "count": 4,
            "cluster_term_id": term.pk,
            "source": "Báo cáo cụm",
        },
    )
    rows = call(client, users["board"], "get", f"{API}/statistics?year=2024&cluster_term_id={term.pk}").json()
    assert [(row["code"], row["count"]) for row in rows] == [("BK-BCA-TT", 5)]
    everything = call(client, users["board"], "get", f"{API}/statistics?year=2024").json()
    assert [(row["code"], row["count"]) for row in everything] == [("BK-BCA-TT", 6)]
    assert (
        call(
            client, users["foreign_officer"], "get", f"{API}/statistics?cluster_term_id={term.pk}"
        ).status_code
        == 404
    )


def test_api_count_keeps_the_decision_date_as_far_as_the_paper_gives_it(client, users, seeded, provinces):
    payload = _count(
        provinces[1], decision_number="112/QĐ-CAT", decision_date="11/2017", year=2017, source=""
    )
    body = call(client, users["board"], "post", f"{API}/counts", payload).json()
    assert (body["decision_date"], body["decision_date_precision"]) == ("2017-11", "month")
    stored = AwardCount.objects.get()
    assert (stored.decision_known.iso(), stored.decision_date_precision) == ("2017-11", "month")
    patched = call(
        client, users["board"], "patch", f"{API}/counts/{body['id']}", {"decision_date": "2017"}
    ).json()
    assert (patched["decision_date"], patched["decision_date_precision"]) == ("2017", "year")
