"""Ballots API and the code holders' endpoint (no session, no CSRF)."""

import pytest
from django.test import Client

from thidua.voting.models import Ballot, BallotStatus, SealedBallot
from thidua.voting.tests.factories import codes_of

pytestmark = pytest.mark.django_db


def test_cast_endpoint_needs_no_session_nor_csrf(open_ballot):
    client = Client(enforce_csrf_checks=True)
    option = open_ballot.options.first()
    code = codes_of(open_ballot)[0]
    response = client.post(
        "/api/v1/voting/cast",
        {"code": code, "choices": {str(option.pk): "yes"}},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert SealedBallot.objects.filter(tracker=response.json()["receipt"]).exists()
    again = client.post("/api/v1/voting/cast", {"code": code, "choices": {}}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "code_already_used"


def test_cast_with_an_unknown_code_is_404(open_ballot):
    response = Client().post(
        "/api/v1/voting/cast", {"code": "KHONGTONTAI12345", "choices": {}}, content_type="application/json"
    )
    assert response.status_code == 404 and response.json()["code"] == "invalid_code"


def test_other_ballot_endpoints_need_a_session(open_ballot):
    assert Client().get(f"/api/v1/ballots/{open_ballot.pk}").status_code == 401


def test_create_open_close_tally_publish_through_the_api(client, users, conference, attendees):
    client.force_login(users["cluster_staff"])
    created = client.post(
        "/api/v1/ballots",
        {
            "conference_id": conference.pk,
            "kind": "yes_no",
            "title": "Đề nghị Cờ thi đua",
            "award_title": "Cờ thi đua của Bộ Công an",
            "unit_ids": [attendees[0].unit_id],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    ballot_id = created.json()["id"]
    opened = client.post(f"/api/v1/ballots/{ballot_id}/open").json()
    assert opened["status"] == "open" and len(opened["shares"]) == 3 and opened["seal_threshold"] == 2
    shares = [share["text"] for share in opened["shares"]]
    assert client.get(f"/api/v1/ballots/{ballot_id}").json()["shares"] == []  # returned once
    option_id = created.json()["options"][0]["id"]
    for code in codes_of(Ballot.objects.get(pk=ballot_id)):
        Client().post(
            "/api/v1/voting/cast",
            {"code": code, "choices": {str(option_id): "yes"}},
            content_type="application/json",
        )
    assert client.get(f"/api/v1/ballots/{ballot_id}/turnout").json()["used"] == 6
    assert client.post(f"/api/v1/ballots/{ballot_id}/close").json()["status"] == "closed"
    assert len(client.get(f"/api/v1/ballots/{ballot_id}/trackers").json()) == 6
    refused = client.post(
        f"/api/v1/ballots/{ballot_id}/tally", {"shares": shares[:1]}, content_type="application/json"
    )
    assert refused.status_code == 422 and refused.json()["code"] == "not_enough_shares"
    tallied = client.post(
        f"/api/v1/ballots/{ballot_id}/tally", {"shares": shares[1:]}, content_type="application/json"
    ).json()
    assert (
        tallied["status"] == "tallied" and tallied["shares_presented"] == 2 and tallied["sealed_opened"] == 6
    )
    assert client.post(f"/api/v1/ballots/{ballot_id}/publish").json()["status"] == "published"
    results = client.get(f"/api/v1/ballots/{ballot_id}/results").json()
    assert results[0]["is_winner"] and results[0]["rule_text"] == "Đạt: 6/6 phiếu = 100,0 % > 50 %"
    assert len(client.get(f"/api/v1/ballots/{ballot_id}/receipts").json()) == 6


@pytest.mark.parametrize("role", ["officer", "unit_leader", "viewer"])
def test_members_cannot_open_through_the_api(client, users, make_ballot, role):
    ballot = make_ballot()
    client.force_login(users[role])
    response = client.post(f"/api/v1/ballots/{ballot.pk}/open")
    assert response.status_code == 403
    assert Ballot.objects.get(pk=ballot.pk).status == BallotStatus.DRAFT


def test_paper_ballots_through_the_api(client, users, open_ballot):
    client.force_login(users["cluster_staff"])
    assert client.post(f"/api/v1/ballots/{open_ballot.pk}/paper-issue").json() == {"issued": 6}
    option = open_ballot.options.first()
    batch = client.post(
        f"/api/v1/ballots/{open_ballot.pk}/paper-ballots",
        {"ballots": [{"marks": {str(option.pk): "yes"}}, {"marks": {}, "invalid_reason": "Rách"}]},
        content_type="application/json",
    )
    assert batch.status_code == 201 and batch.json()["invalid"] == 1
    same = client.post(f"/api/v1/ballots/{open_ballot.pk}/paper-batches/{batch.json()['id']}/confirm")
    assert same.status_code == 409 and same.json()["code"] == "same_person_confirms"


def test_ballot_list_api_query_count_is_flat(client, users, make_ballot, django_assert_max_num_queries):
    for _ in range(5):
        make_ballot()
    client.force_login(users["board"])
    with django_assert_max_num_queries(8):
        assert len(client.get("/api/v1/ballots").json()) == 5


def test_conference_api_create_and_list(client, users, term):
    client.force_login(users["cluster_staff"])
    created = client.post(
        "/api/v1/conferences",
        {
            "term_id": term.pk,
            "kind": "half_year",
            "title": "Hội nghị sơ kết",
            "date": "2024-07-16",
            "host_id": term.deputy_id,
        },
        content_type="application/json",
    )
    assert created.status_code == 201 and len(created.json()["chairs"]) == 2
    assert [c["id"] for c in client.get("/api/v1/conferences").json()] == [created.json()["id"]]
    rotation = client.get(f"/api/v1/conferences/host-rotation/{term.pk}").json()
    assert rotation[-1]["unit"]["id"] == term.deputy_id


def test_results_before_publication_are_for_the_terms_managers_only(client, users, open_ballot, secretary):
    """One rule (voting.policy.require_results_visible) for the API results and the minutes page."""
    client.force_login(users["viewer"])
    assert client.get(f"/api/v1/ballots/{open_ballot.pk}").status_code == 200  # sees the ballot
    assert client.get(f"/api/v1/ballots/{open_ballot.pk}/results").status_code == 403
    client.force_login(secretary)
    assert client.get(f"/api/v1/ballots/{open_ballot.pk}/results").status_code == 200
    assert client.get(f"/bo-phieu/phieu/{open_ballot.pk}/bien-ban/").status_code == 404  # not counted yet
