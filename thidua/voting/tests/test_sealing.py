"""Issue 18: ballots sealed under the count committee's key; k shares open the box at the tally."""

import pytest
from django.urls import reverse

from thidua.conferences.tests.factories import AttendeeFactory
from thidua.voting import sealing, selectors, services
from thidua.voting.errors import (
    BadCommittee,
    BallotHasVotes,
    InvalidShare,
    NotEnoughShares,
    RecountNotAllowed,
    SharesDoNotMatch,
)
from thidua.voting.models import BallotStatus, CommitteeMember, OptionResult, SealedBallot
from thidua.voting.tests.factories import codes_of, shares_of

pytestmark = pytest.mark.django_db


def _vote_all(ballot, values):
    option = ballot.options.order_by("order").first()
    for code, value in zip(codes_of(ballot), values, strict=False):
        services.vote_cast(code=code, choices={option.pk: value})
    return option


def test_opening_names_a_committee_of_three_with_two_of_three_and_issues_each_share_once(open_ballot):
    members = list(CommitteeMember.objects.filter(ballot=open_ballot))
    assert [m.number for m in members] == [1, 2, 3] and len({m.unit_name for m in members}) == 3
    assert all(m.share_issued_at and m.key_version == 1 for m in members)
    assert (open_ballot.committee_size, open_ballot.seal_threshold) == (3, 2)
    assert [s.name for s in open_ballot.issued_shares] == [m.name for m in members]
    assert len(open_ballot.public_key) == 64


def test_the_secretary_names_the_committee_and_the_threshold(make_ballot, secretary, attendees):
    ballot = services.ballot_open(
        actor=secretary, ballot=make_ballot(), committee=[a.pk for a in attendees[:4]], threshold=3
    )
    assert (ballot.committee_size, ballot.seal_threshold) == (4, 3)
    assert list(CommitteeMember.objects.filter(ballot=ballot).values_list("name", flat=True)) == [
        a.name for a in attendees[:4]
    ]


def test_a_committee_outside_the_conference_or_a_threshold_above_it_is_refused(
    make_ballot, secretary, attendees
):
    stranger = AttendeeFactory()
    with pytest.raises(BadCommittee):
        services.ballot_open(actor=secretary, ballot=make_ballot(), committee=[stranger.pk])
    with pytest.raises(BadCommittee):
        services.ballot_open(
            actor=secretary, ballot=make_ballot(), committee=[a.pk for a in attendees[:2]], threshold=3
        )


def test_the_box_holds_only_equal_length_ciphertexts_and_k_shares_count_them(open_ballot, secretary):
    option = _vote_all(open_ballot, ["yes", "yes", "no", "yes", "abstain", "no"])
    sealed = list(SealedBallot.objects.filter(ballot=open_ballot))
    assert len(sealed) == 6 and len({len(bytes(s.ciphertext)) for s in sealed}) == 1
    services.ballot_close(actor=secretary, ballot=open_ballot)
    ballot = services.ballot_tally(actor=secretary, ballot=open_ballot, shares=shares_of(open_ballot, 3)[1:3])
    result = OptionResult.objects.get(option=option)
    assert result.counts == {"yes": 3, "no": 2}
    assert (ballot.shares_presented, ballot.sealed_opened, ballot.collected_count) == (2, 6, 6)
    assert ballot.tracker_fingerprint == sealing.fingerprint(s.tracker for s in sealed)
    assert sorted(ballot.counted_trackers) == sorted(s.tracker for s in sealed)


@pytest.mark.parametrize("case", ["one share", "same share twice", "typo", "other ballot", "none"])
def test_too_few_or_wrong_shares_open_nothing(open_ballot, secretary, make_ballot, case):
    _vote_all(open_ballot, ["yes"] * 3)
    services.ballot_close(actor=secretary, ballot=open_ballot)
    good = shares_of(open_ballot)
    other = services.ballot_open(actor=secretary, ballot=make_ballot())
    typo = good[1][:10] + ("A" if good[1][10] != "A" else "B") + good[1][11:]
    shares, error = {
        "one share": ([good[0]], NotEnoughShares),
        "same share twice": ([good[0], good[0]], NotEnoughShares),
        "typo": ([good[0], typo], InvalidShare),
        "other ballot": ([good[0], shares_of(other)[1]], InvalidShare),
        "none": ([], NotEnoughShares),
    }[case]
    with pytest.raises(error) as raised:
        services.ballot_tally(actor=secretary, ballot=open_ballot, shares=shares)
    assert "Mảnh khóa" in str(raised.value) or "mảnh khóa" in str(raised.value)
    open_ballot.refresh_from_db()
    assert open_ballot.status == BallotStatus.CLOSED and not OptionResult.objects.filter(ballot=open_ballot)
    assert open_ballot.sealed_opened is None


def test_a_lost_share_is_replaced_by_rekeying_only_while_the_box_is_empty(open_ballot, secretary):
    old = shares_of(open_ballot)
    rekeyed = services.ballot_rekey(actor=secretary, ballot=open_ballot)
    assert rekeyed.key_version == 2 and len(rekeyed.issued_shares) == 3
    assert set(CommitteeMember.objects.filter(ballot=open_ballot).values_list("key_version", flat=True)) == {
        2
    }
    _vote_all(open_ballot, ["yes"])
    with pytest.raises(BallotHasVotes):
        services.ballot_rekey(actor=secretary, ballot=open_ballot)
    services.ballot_close(actor=secretary, ballot=open_ballot)
    with pytest.raises(SharesDoNotMatch):  # the shares of the first key open nothing
        services.ballot_tally(actor=secretary, ballot=open_ballot, shares=old[:2])
    ballot = services.ballot_tally(actor=secretary, ballot=open_ballot, shares=shares_of(open_ballot))
    assert ballot.sealed_opened == 1


def test_recount_repeats_with_shares_and_gives_the_same_totals(open_ballot, secretary):
    option = _vote_all(open_ballot, ["yes", "no", "yes"])
    services.ballot_close(actor=secretary, ballot=open_ballot)
    services.ballot_tally(actor=secretary, ballot=open_ballot, shares=shares_of(open_ballot))
    with pytest.raises(NotEnoughShares):
        services.ballot_recount(actor=secretary, ballot=open_ballot, shares=[])
    ballot = services.ballot_recount(actor=secretary, ballot=open_ballot, shares=shares_of(open_ballot)[::-1])
    assert OptionResult.objects.get(option=option).counts == {"yes": 2, "no": 1}
    assert ballot.shares_presented == 2
    services.ballot_publish(actor=secretary, ballot=ballot)
    with pytest.raises(RecountNotAllowed):
        services.ballot_recount(actor=secretary, ballot=open_ballot, shares=shares_of(open_ballot))


def test_paper_ballots_add_to_the_opened_box(open_ballot, secretary, users):
    option = _vote_all(open_ballot, ["yes", "yes"])
    services.ballot_issue_paper(actor=secretary, ballot=open_ballot)
    batch = services.paper_batch_enter_totals(
        actor=secretary, ballot=open_ballot, collected=4, invalid=0, totals=[(option.pk, "no", 3)]
    )
    services.paper_batch_confirm(actor=users["board"], batch=batch)
    services.ballot_close(actor=secretary, ballot=open_ballot)
    ballot = services.ballot_tally(actor=secretary, ballot=open_ballot, shares=shares_of(open_ballot))
    assert OptionResult.objects.get(option=option).counts == {"yes": 2, "no": 3}
    assert (ballot.collected_count, ballot.sealed_opened) == (6, 2)


def test_minutes_record_committee_shares_opened_and_fingerprint(open_ballot, secretary, client, users):
    _vote_all(open_ballot, ["yes", "no"])
    services.ballot_close(actor=secretary, ballot=open_ballot)
    ballot = services.ballot_tally(actor=secretary, ballot=open_ballot, shares=shares_of(open_ballot))
    seal = selectors.ballot_count_minutes_context(ballot)["seal"]
    assert [m["number"] for m in seal["committee"]] == [1, 2, 3]
    assert (seal["threshold"], seal["size"], seal["shares_presented"], seal["sealed_opened"]) == (2, 3, 2, 2)
    assert seal["tracker_fingerprint"] == ballot.tracker_fingerprint and seal["tracker_count"] == 2
    client.force_login(users["cluster_staff"])
    page = client.get(reverse("voting:minutes", args=[ballot.pk])).content.decode()
    assert ballot.tracker_fingerprint in page and "số phiếu niêm phong được mở: 2" in page


# -- pages -------------------------------------------------------------------------------------------


def test_opening_from_the_page_shows_the_share_slips_once(client, users, make_ballot, attendees):
    ballot = make_ballot()
    client.force_login(users["cluster_staff"])
    page = client.get(reverse("voting:ballot_detail", args=[ballot.pk])).content.decode()
    assert page.count('name="committee"') == 6 and page.count("checked") >= 3
    response = client.post(
        reverse("voting:ballot_action", args=[ballot.pk, "open"]),
        {"committee": [a.pk for a in attendees[:3]], "threshold": "2"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    texts = shares_of(ballot, 3)
    assert body.count("<svg") == 3 and all(t in body for t in texts)
    again = client.get(reverse("voting:ballot_detail", args=[ballot.pk])).content.decode()
    assert not [t for t in texts if t in again] and "Hộp phiếu niêm phong" in again


def test_the_tally_screen_takes_shares_and_explains_a_wrong_one(client, users, open_ballot):
    _vote_all(open_ballot, ["yes", "yes", "no"])
    client.force_login(users["cluster_staff"])
    client.post(reverse("voting:ballot_action", args=[open_ballot.pk, "close"]))
    page = client.get(reverse("voting:ballot_detail", args=[open_ballot.pk])).content.decode()
    assert page.count('name="share"') == 3 and open_ballot.issued_shares[0].text not in page
    assert all(t in page for t in selectors.ballot_trackers(ballot=open_ballot))  # published at close
    url = reverse("voting:ballot_action", args=[open_ballot.pk, "tally"])
    wrong = client.post(url, {"share": [shares_of(open_ballot)[0], ""]}, follow=True)
    assert "Cần ít nhất 2 mảnh khóa" in wrong.content.decode()
    client.post(url, {"share": [shares_of(open_ballot)[0], "", shares_of(open_ballot, 3)[2]]})
    open_ballot.refresh_from_db()
    assert open_ballot.status == BallotStatus.TALLIED and open_ballot.sealed_opened == 3


def test_share_text_survives_typing_and_rejects_a_changed_character():
    public, shares = sealing.new_key(2, 3)
    text = sealing.share_text(42, shares[0])
    typed = text.lower().replace("-", " ")
    assert sealing.parse_share(42, typed) == shares[0]
    with pytest.raises(sealing.ShareError):
        sealing.parse_share(43, text)
    assert sealing.rebuild([sealing.parse_share(42, sealing.share_text(42, s)) for s in shares[1:]], public)
