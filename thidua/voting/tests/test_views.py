"""Ballot pages and the code holder's page: permissions, live turnout, full flow, query counts."""

import pytest
from django.urls import reverse

from thidua.voting import services
from thidua.voting.models import Ballot, BallotKind, BallotStatus, CastBallot, VoterCode
from thidua.voting.tests.factories import codes_of, shares_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("cluster_staff", 200),
        ("board", 200),
        ("officer", 200),
        ("viewer", 200),
        ("foreign_officer", 404),
        ("nobody", 404),
    ],
)
def test_ballot_page_is_visible_to_the_cluster_only(client, users, open_ballot, role, status):
    client.force_login(users[role])
    assert client.get(reverse("voting:ballot_detail", args=[open_ballot.pk])).status_code == status


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("cluster_staff", True), ("board", True), ("officer", False), ("unit_leader", False), ("viewer", False)],
)
def test_only_the_secretary_side_opens_from_the_page(client, users, make_ballot, role, allowed):
    ballot = make_ballot()
    client.force_login(users[role])
    client.post(reverse("voting:ballot_action", args=[ballot.pk, "open"]))
    assert (Ballot.objects.get(pk=ballot.pk).status == BallotStatus.OPEN) is allowed


@pytest.mark.parametrize(("role", "status"), [("cluster_staff", 200), ("officer", 404), ("viewer", 404)])
def test_slips_and_turnout_are_for_the_secretary_only(client, users, open_ballot, role, status):
    client.force_login(users[role])
    assert client.get(reverse("voting:slips", args=[open_ballot.pk])).status_code == status
    assert client.get(reverse("voting:turnout", args=[open_ballot.pk])).status_code == status


def test_turnout_fragment_polls_while_open_and_counts_used_codes(client, users, open_ballot):
    services.vote_cast(code=codes_of(open_ballot)[0], choices={})
    client.force_login(users["cluster_staff"])
    body = client.get(
        reverse("voting:turnout", args=[open_ballot.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'hx-trigger="every 2s"' in body and '>1</strong> / <span id="turnout-issued">6<' in body
    services.ballot_close(actor=users["cluster_staff"], ballot=open_ballot)
    body = client.get(
        reverse("voting:turnout", args=[open_ballot.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "every 2s" not in body


def test_full_flow_from_the_pages_spells_out_the_rule(client, users, make_ballot):
    ballot = make_ballot(kind=BallotKind.CHOOSE_ONE)
    secretary = client
    secretary.force_login(users["cluster_staff"])
    secretary.post(reverse("voting:ballot_action", args=[ballot.pk, "open"]))
    option = ballot.options.order_by("order").first()
    for code in codes_of(ballot)[:5]:
        services.vote_cast(code=code, choices={option.pk: "selected"})
    for action in ("close", "tally", "publish"):
        data = {"share": shares_of(ballot)} if action == "tally" else {}
        secretary.post(reverse("voting:ballot_action", args=[ballot.pk, action]), data)
    page = secretary.get(reverse("voting:ballot_detail", args=[ballot.pk])).content.decode()
    assert "Đạt: 5/5 phiếu = 100,0 % &gt; 50 %" in page
    minutes = secretary.get(reverse("voting:minutes", args=[ballot.pk]))
    assert minutes.status_code == 200 and "BIÊN BẢN KIỂM PHIẾU" in minutes.content.decode()


def test_create_ballot_from_the_conference_page(client, users, conference, attendees, provinces):
    client.force_login(users["cluster_staff"])
    response = client.post(
        reverse("voting:conference_ballots", args=[conference.pk]),
        {
            "kind": "choose_one",
            "title": "Suy tôn đơn vị dẫn đầu",
            "units": [provinces[0].pk, provinces[1].pk],
            "threshold": "2/3/inclusive",
            "threshold_base": "voters_present",
            "max_winners": 1,
            "votes_per_unit": 1,
            "quorum": "2/3",
            "tie_max_rounds": 2,
            "tie_break": "score",
        },
    )
    ballot = Ballot.objects.get(title="Suy tôn đơn vị dẫn đầu")
    assert response.status_code == 302
    assert (ballot.threshold_numerator, ballot.threshold_denominator, ballot.threshold_strict) == (
        2,
        3,
        False,
    )
    assert ballot.options.count() == 2 and ballot.max_winners == 1


def test_paper_totals_entered_by_one_confirmed_by_another(client, users, open_ballot):
    services.ballot_issue_paper(actor=users["cluster_staff"], ballot=open_ballot)
    option = open_ballot.options.order_by("order").first()
    client.force_login(users["cluster_staff"])
    client.post(
        reverse("voting:paper_totals", args=[open_ballot.pk]),
        {"collected": 6, "invalid": 0, f"n_{option.pk}_yes": 5, f"n_{option.pk}_no": 1},
    )
    batch = open_ballot.paper_batches.get()
    client.post(reverse("voting:batch_confirm", args=[open_ballot.pk, batch.pk]))
    batch.refresh_from_db()
    assert batch.confirmed_by is None
    client.force_login(users["board"])
    client.post(reverse("voting:batch_confirm", args=[open_ballot.pk, batch.pk]))
    batch.refresh_from_db()
    assert batch.confirmed_by == users["board"]


def test_ballot_list_query_count_is_flat(client, users, make_ballot, django_assert_max_num_queries):
    for _ in range(6):
        services.ballot_open(actor=users["cluster_staff"], ballot=make_ballot())
    client.force_login(users["board"])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("voting:index"))
    assert response.status_code == 200 and response.content.decode().count("0/6") == 6


def test_voting_does_not_store_the_code_holder_in_any_session(client, open_ballot):
    code = codes_of(open_ballot)[0]
    client.post(reverse("voting:vote"), {"code": code, "step": "cast"})
    assert VoterCode.objects.get(code=code).used
    assert "sessionid" not in client.cookies


def test_conference_minutes_context_includes_the_published_results(open_ballot, secretary):
    from thidua.conferences.selectors import conference_document_context

    option = open_ballot.options.order_by("order").first()
    for code in codes_of(open_ballot):
        services.vote_cast(code=code, choices={option.pk: "yes"})
    services.ballot_close(actor=secretary, ballot=open_ballot)
    services.ballot_tally(actor=secretary, ballot=open_ballot, shares=shares_of(open_ballot))
    services.ballot_publish(actor=secretary, ballot=open_ballot)
    context = conference_document_context(open_ballot.conference)
    assert context["results"][0]["title"] == open_ballot.title
    assert context["results"][0]["winners"] == [option.label]


def test_voting_panel_lists_open_ballots_of_the_cluster(users, open_ballot):
    from thidua.voting.panels import summary

    panel = summary(type("R", (), {"user": users["cluster_staff"]})())
    assert panel is not None
    assert [b.pk for b in panel["ballots"]] == [open_ballot.pk]
    assert summary(type("R", (), {"user": users["foreign_officer"]})()) is None


def test_paper_ballots_entered_one_by_one_go_into_one_batch_and_over_selection_is_invalid(
    client, users, make_ballot
):
    ballot = services.ballot_open(
        actor=users["cluster_staff"], ballot=make_ballot(kind=BallotKind.CHOOSE_ONE)
    )
    services.ballot_issue_paper(actor=users["cluster_staff"], ballot=ballot)
    first, second = list(ballot.options.order_by("order"))[:2]
    client.force_login(users["cluster_staff"])
    url = reverse("voting:paper_ballot", args=[ballot.pk])
    client.post(url, {"choice": [first.pk]})
    client.post(url, {"choice": [first.pk, second.pk]})
    client.post(url, {"invalid_reason": "Ký tên trên phiếu"})
    batch = ballot.paper_batches.get()
    assert (batch.collected, batch.invalid) == (3, 2)
    reasons = set(
        CastBallot.objects.filter(paper_batch=batch, is_valid=False).values_list("invalid_reason", flat=True)
    )
    assert reasons == {"Chỉ được chọn tối đa 1 phương án.", "Ký tên trên phiếu"}
