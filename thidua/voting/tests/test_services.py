"""Ballot services: roll and codes, casting, paper ballots, tally, re-votes, permissions (DOMAIN.md §4)."""

import hashlib
from decimal import Decimal

import pytest

from thidua.conferences.tests.factories import AttendeeFactory
from thidua.core.errors import AccessDenied, InvalidTransition
from thidua.voting import selectors, services
from thidua.voting.errors import (
    BallotNotOpen,
    CodeAlreadyUsed,
    EmptyRoll,
    InvalidChoice,
    InvalidCode,
    PaperExceedsIssued,
    PaperUnconfirmed,
    QuorumNotMet,
    SamePersonConfirms,
    TooManyChoices,
)
from thidua.voting.models import (
    Ballot,
    BallotKind,
    BallotMark,
    BallotStatus,
    CastBallot,
    OptionResult,
    SealedBallot,
    TieBreak,
    VoterCode,
)
from thidua.voting.tests.factories import codes_of, shares_of

pytestmark = pytest.mark.django_db


def _options(ballot):
    return list(ballot.options.order_by("order", "pk"))


def _close_and_tally(ballot, actor):
    services.ballot_close(actor=actor, ballot=ballot)
    return services.ballot_tally(actor=actor, ballot=ballot, shares=shares_of(ballot))


# -- roll, quorum, codes -------------------------------------------------------------------------


def test_codes_go_only_to_present_voters_of_member_units_r27(
    conference, attendees, secretary, other_province, make_ballot
):
    attendees[0].present = False
    attendees[0].save()
    AttendeeFactory(conference=conference, unit=attendees[1].unit, is_voter=False, role="delegate")
    ballot = services.ballot_open(actor=secretary, ballot=make_ballot())
    holders = set(VoterCode.objects.filter(ballot=ballot).values_list("attendee_id", flat=True))
    assert holders == {a.pk for a in attendees[1:]}


def test_votes_per_unit_caps_the_codes_of_a_unit(conference, attendees, secretary, make_ballot):
    extra = [
        AttendeeFactory(conference=conference, unit=attendees[0].unit, role="delegate") for _ in range(2)
    ]
    one = services.ballot_open(actor=secretary, ballot=make_ballot())
    two = services.ballot_open(actor=secretary, ballot=make_ballot(votes_per_unit=2))
    unit = attendees[0].unit
    assert VoterCode.objects.filter(ballot=one, attendee__unit=unit).count() == 1
    assert VoterCode.objects.filter(ballot=two, attendee__unit=unit).count() == 2
    assert VoterCode.objects.get(ballot=one, attendee__unit=unit).attendee_id == attendees[0].pk  # head first
    assert extra


def test_opening_without_quorum_is_refused_r17(attendees, secretary, make_ballot):
    for attendee in attendees[:3]:  # 3 of 6 present < ⌈2/3 × 6⌉ = 4
        attendee.present = False
        attendee.save()
    ballot = make_ballot()
    with pytest.raises(QuorumNotMet):
        services.ballot_open(actor=secretary, ballot=ballot)
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.DRAFT
    assert not VoterCode.objects.filter(ballot=ballot).exists()


def test_opening_with_an_empty_roll_is_refused(conference, secretary):
    ballot = services.ballot_create(actor=secretary, conference=conference, kind=BallotKind.YES_NO, title="X")
    with pytest.raises(EmptyRoll):
        services.ballot_open(actor=secretary, ballot=ballot)


def test_codes_are_long_random_and_unique(open_ballot):
    codes = codes_of(open_ballot)
    assert len(codes) == 6 and len(set(codes)) == 6
    assert all(len(c) == services.CODE_LENGTH and set(c) <= set(services.CODE_ALPHABET) for c in codes)


# -- casting ---------------------------------------------------------------------------------------


def test_a_code_votes_once_and_the_ballot_is_stored_without_voter(open_ballot):
    option = _options(open_ballot)[0]
    code = codes_of(open_ballot)[0]
    receipt = services.vote_cast(code=code, choices={option.pk: "yes"})
    with pytest.raises(CodeAlreadyUsed):
        services.vote_cast(code=code, choices={option.pk: "no"})
    sealed = SealedBallot.objects.get(ballot=open_ballot)
    assert sealed.tracker == receipt.tracker == hashlib.sha256(bytes(sealed.ciphertext)).hexdigest()
    assert b"yes" not in bytes(sealed.ciphertext) and not CastBallot.objects.exists()
    assert not BallotMark.objects.exists()
    assert VoterCode.objects.get(code=code).used


def test_code_is_accepted_with_dashes_and_lower_case(open_ballot):
    code = codes_of(open_ballot)[0]
    spaced = "-".join(code[i : i + 4] for i in range(0, len(code), 4)).lower()
    services.vote_cast(code=spaced, choices={})
    assert VoterCode.objects.get(code=code).used


def test_unknown_code_is_rejected(open_ballot):
    with pytest.raises(InvalidCode):
        services.vote_cast(code="KHONGCOMA", choices={})


def test_votes_are_refused_before_opening_and_after_closing(make_ballot, secretary):
    ballot = make_ballot()
    services.ballot_open(actor=secretary, ballot=ballot)
    code = codes_of(ballot)[0]
    services.ballot_close(actor=secretary, ballot=ballot)
    with pytest.raises(BallotNotOpen):
        services.vote_cast(code=code, choices={})
    assert not VoterCode.objects.get(code=code).used


def test_a_bad_choice_is_refused_and_does_not_consume_the_code(open_ballot, make_ballot):
    other = make_ballot()
    code = codes_of(open_ballot)[0]
    with pytest.raises(InvalidChoice):
        services.vote_cast(code=code, choices={_options(other)[0].pk: "yes"})
    with pytest.raises(InvalidChoice):
        services.vote_cast(code=code, choices={_options(open_ballot)[0].pk: "excellent"})
    assert not VoterCode.objects.get(code=code).used


def test_choose_one_refuses_two_choices(make_ballot, secretary):
    ballot = services.ballot_open(actor=secretary, ballot=make_ballot(kind=BallotKind.CHOOSE_ONE))
    first, second = _options(ballot)[:2]
    with pytest.raises(TooManyChoices):
        services.vote_cast(code=codes_of(ballot)[0], choices={first.pk: "selected", second.pk: "selected"})


def test_blank_ballot_is_counted_invalid_when_the_rule_says_so(make_ballot, secretary):
    ballot = services.ballot_open(actor=secretary, ballot=make_ballot(blank_ballot_is_valid=False))
    services.vote_cast(code=codes_of(ballot)[0], choices={})
    services.vote_cast(code=codes_of(ballot)[1], choices={_options(ballot)[0].pk: "yes"})
    ballot = _close_and_tally(ballot, secretary)
    assert (ballot.collected_count, ballot.valid_count, ballot.invalid_count) == (2, 1, 1)
    assert "1 phiếu điện tử trắng không hợp lệ" in ballot.outcome_note


# -- permissions -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("admin", True),
        ("board", True),
        ("cluster_staff", True),
        ("officer", False),
        ("unit_leader", False),
        ("viewer", False),
        ("foreign_officer", False),
        ("nobody", False),
    ],
)
def test_only_the_secretary_side_opens_and_closes_a_ballot(users, make_ballot, role, allowed):
    ballot = make_ballot()
    actor = users[role]
    if not allowed:
        with pytest.raises(AccessDenied):
            services.ballot_open(actor=actor, ballot=ballot)
        services.ballot_open(actor=users["cluster_staff"], ballot=ballot)
        with pytest.raises(AccessDenied):
            services.ballot_close(actor=actor, ballot=ballot)
        assert Ballot.objects.get(pk=ballot.pk).status == BallotStatus.OPEN
    else:
        services.ballot_open(actor=actor, ballot=ballot)
        services.ballot_close(actor=actor, ballot=ballot)
        assert Ballot.objects.get(pk=ballot.pk).status == BallotStatus.CLOSED


def test_status_moves_only_along_the_transition_table(make_ballot, secretary):
    ballot = make_ballot()
    with pytest.raises(InvalidTransition):
        services.ballot_close(actor=secretary, ballot=ballot)
    with pytest.raises(InvalidTransition):
        services.ballot_publish(actor=secretary, ballot=ballot)


# -- tally ------------------------------------------------------------------------------------------


def test_tally_applies_threshold_over_valid_ballots_and_publishes_receipts_r16(open_ballot, secretary):
    options = _options(open_ballot)
    codes = codes_of(open_ballot)
    receipts = []
    for i, code in enumerate(codes):  # option 0: 5 yes / 1 no; option 1: 3 yes / 3 no
        receipts.append(
            services.vote_cast(
                code=code,
                choices={options[0].pk: "yes" if i < 5 else "no", options[1].pk: "yes" if i < 3 else "no"},
            )
        )
    ballot = _close_and_tally(open_ballot, secretary)
    first = OptionResult.objects.get(option=options[0])
    second = OptionResult.objects.get(option=options[1])
    assert first.passed and first.is_winner and first.rule_text == "Đạt: 5/6 phiếu = 83,3 % > 50 %"
    assert not second.passed and second.rule_text == "Không đạt: 3/6 phiếu = 50,0 % (cần > 50 %)"
    assert (ballot.issued_count, ballot.collected_count, ballot.valid_count, ballot.invalid_count) == (
        6,
        6,
        6,
        0,
    )
    assert selectors.counted_receipts(ballot=ballot) == sorted(r.tracker for r in receipts)


def test_two_thirds_rule_on_member_units(make_ballot, secretary):
    ballot = make_ballot(
        threshold_numerator=2, threshold_denominator=3, threshold_strict=False, threshold_base="member_units"
    )
    services.ballot_open(actor=secretary, ballot=ballot)
    option = _options(ballot)[0]
    for i, code in enumerate(codes_of(ballot)[:5]):
        services.vote_cast(code=code, choices={option.pk: "yes" if i < 4 else "no"})
    _close_and_tally(ballot, secretary)
    result = OptionResult.objects.get(option=option)
    assert result.passed and result.base == 6 and result.rule_text == "Đạt: 4/6 phiếu = 66,7 % ≥ 2/3"


def test_paper_and_electronic_ballots_are_tallied_together(make_ballot, secretary, users):
    ballot = services.ballot_open(actor=secretary, ballot=make_ballot())
    option = _options(ballot)[0]
    codes = codes_of(ballot)
    for code in codes[:3]:
        services.vote_cast(code=code, choices={option.pk: "yes"})
    paper_voters = list(
        VoterCode.objects.filter(ballot=ballot, used=False).values_list("attendee_id", flat=True)
    )
    assert services.ballot_issue_paper(actor=secretary, ballot=ballot, attendee_ids=paper_voters) == 3
    batch = services.paper_batch_enter_ballots(
        actor=secretary,
        ballot=ballot,
        ballots=[
            {"marks": {option.pk: "yes"}},
            {"marks": {option.pk: "no"}},
            {"marks": {}, "invalid_reason": "Gạch xóa, ký tên trên phiếu"},
        ],
    )
    services.ballot_close(actor=secretary, ballot=ballot)
    with pytest.raises(PaperUnconfirmed):
        services.ballot_tally(actor=secretary, ballot=ballot, shares=shares_of(ballot))
    with pytest.raises(SamePersonConfirms):
        services.paper_batch_confirm(actor=secretary, batch=batch)
    services.paper_batch_confirm(actor=users["board"], batch=batch)
    ballot = services.ballot_tally(actor=secretary, ballot=ballot, shares=shares_of(ballot))
    result = OptionResult.objects.get(option=option)
    assert (ballot.collected_count, ballot.valid_count, ballot.invalid_count) == (6, 5, 1)
    assert result.counts == {"yes": 4, "no": 1} and result.rule_text == "Đạt: 4/5 phiếu = 80,0 % > 50 %"
    context = selectors.ballot_count_minutes_context(ballot)
    assert context["invalid_reasons"] == ["Gạch xóa, ký tên trên phiếu"]


def test_paper_totals_count_with_the_second_person_confirming(make_ballot, secretary, users):
    ballot = services.ballot_open(actor=secretary, ballot=make_ballot())
    options = _options(ballot)
    services.ballot_issue_paper(actor=secretary, ballot=ballot)
    batch = services.paper_batch_enter_totals(
        actor=secretary,
        ballot=ballot,
        collected=6,
        invalid=1,
        invalid_reasons="1 phiếu rách",
        totals=[(options[0].pk, "yes", 4), (options[0].pk, "no", 1), (options[1].pk, "yes", 2)],
    )
    services.paper_batch_confirm(actor=users["board"], batch=batch)
    ballot = _close_and_tally(ballot, secretary)
    assert (ballot.collected_count, ballot.valid_count) == (6, 5)
    assert OptionResult.objects.get(option=options[0]).passed
    assert not OptionResult.objects.get(option=options[1]).passed


def test_more_paper_ballots_than_handed_out_cannot_be_confirmed(make_ballot, secretary, users):
    ballot = services.ballot_open(actor=secretary, ballot=make_ballot())
    voter_code = VoterCode.objects.filter(ballot=ballot).first()
    assert voter_code is not None
    services.ballot_issue_paper(actor=secretary, ballot=ballot, attendee_ids=[voter_code.attendee_id])
    batch = services.paper_batch_enter_ballots(
        actor=secretary, ballot=ballot, ballots=[{"marks": {}}, {"marks": {}}]
    )
    with pytest.raises(PaperExceedsIssued):
        services.paper_batch_confirm(actor=users["board"], batch=batch)


def test_a_code_exchanged_for_paper_cannot_vote_electronically(make_ballot, secretary):
    ballot = services.ballot_open(actor=secretary, ballot=make_ballot())
    services.ballot_issue_paper(actor=secretary, ballot=ballot)
    with pytest.raises(CodeAlreadyUsed):
        services.vote_cast(code=codes_of(ballot)[0], choices={})


def test_tie_for_the_last_place_opens_a_revote_among_the_tied_r26(make_ballot, secretary, provinces):
    ballot = services.ballot_open(
        actor=secretary,
        ballot=make_ballot(
            kind=BallotKind.CHOOSE_ONE,
            units=provinces[:3],
            max_winners=1,
            threshold_numerator=0,
            threshold_strict=False,
        ),
    )
    a, b, c = _options(ballot)
    for code, option in zip(codes_of(ballot), [a, a, a, b, b, b], strict=True):
        services.vote_cast(code=code, choices={option.pk: "selected"})
    _close_and_tally(ballot, secretary)
    revote = Ballot.objects.get(parent=ballot)
    assert revote.round_number == 2 and revote.max_winners == 1
    assert sorted(o.unit_id or 0 for o in revote.options.all()) == sorted([a.unit_id or 0, b.unit_id or 0])
    assert not OptionResult.objects.filter(ballot=ballot, is_winner=True).exists()
    services.ballot_open(actor=secretary, ballot=revote)
    assert VoterCode.objects.filter(ballot=revote).count() == 6
    ra, rb = _options(revote)
    for code, option in zip(codes_of(revote), [ra, ra, ra, ra, rb, rb], strict=True):
        services.vote_cast(code=code, choices={option.pk: "selected"})
    _close_and_tally(revote, secretary)
    winners = selectors.ballot_winners(ballot)
    assert [w["unit_id"] for w in winners] == [a.unit_id] and winners[0]["round"] == 2


def test_after_the_last_revote_the_tie_is_broken_by_covenant_score(make_ballot, secretary, provinces):
    ballot = make_ballot(
        kind=BallotKind.CHOOSE_ONE,
        units=provinces[:2],
        max_winners=1,
        tie_max_rounds=0,
        tie_break=TieBreak.SCORE,
        threshold_strict=False,
    )
    a, b = _options(ballot)
    services.option_set_tie_break_score(actor=secretary, option=a, score=Decimal("95.5"))
    services.option_set_tie_break_score(actor=secretary, option=b, score=Decimal("97"))
    services.ballot_open(actor=secretary, ballot=ballot)
    for code, option in zip(codes_of(ballot), [a, a, a, b, b, b], strict=True):
        services.vote_cast(code=code, choices={option.pk: "selected"})
    ballot = _close_and_tally(ballot, secretary)
    assert not Ballot.objects.filter(parent=ballot).exists()
    winner = OptionResult.objects.get(ballot=ballot, is_winner=True)
    assert winner.option_id == b.pk and winner.decided_by == "Phân định theo tổng điểm thi đua"


def test_the_chair_decides_a_tie_when_configured(make_ballot, secretary, provinces):
    ballot = make_ballot(
        kind=BallotKind.CHOOSE_ONE,
        units=provinces[:2],
        max_winners=1,
        tie_max_rounds=0,
        tie_break=TieBreak.CHAIR,
        threshold_strict=False,
    )
    a, b = _options(ballot)
    services.ballot_open(actor=secretary, ballot=ballot)
    for code, option in zip(codes_of(ballot), [a, a, a, b, b, b], strict=True):
        services.vote_cast(code=code, choices={option.pk: "selected"})
    ballot = _close_and_tally(ballot, secretary)
    assert "chờ chủ trì" in ballot.outcome_note
    services.ballot_decide_tie(actor=secretary, ballot=ballot, option=a)
    assert [w["option_id"] for w in selectors.ballot_winners(ballot)] == [a.pk]


def test_classification_ballot_grades_every_member_unit(make_ballot, secretary):
    ballot = services.ballot_open(actor=secretary, ballot=make_ballot(kind=BallotKind.CLASSIFICATION))
    options = _options(ballot)
    assert len(options) == 6
    for i, code in enumerate(codes_of(ballot)):
        services.vote_cast(
            code=code,
            choices={
                o.pk: ("excellent" if i < 4 else "good") if j == 0 else "fair" for j, o in enumerate(options)
            },
        )
    ballot = _close_and_tally(ballot, secretary)
    services.ballot_publish(actor=secretary, ballot=ballot)
    rows = selectors.ballot_results(ballot)
    assert rows[0]["grade"] == "excellent" and rows[0]["rule_text"] == "Xuất sắc: 4/6 phiếu = 66,7 % > 50 %"
    assert {r["grade"] for r in rows[1:]} == {"fair"}


def test_minutes_context_has_every_figure_r18(open_ballot, secretary):
    option = _options(open_ballot)[0]
    for code in codes_of(open_ballot)[:5]:
        services.vote_cast(code=code, choices={option.pk: "yes"})
    ballot = _close_and_tally(open_ballot, secretary)
    context = selectors.ballot_count_minutes_context(ballot)
    for key in (
        "members",
        "present_units",
        "issued",
        "collected",
        "valid",
        "invalid",
        "results",
        "committee",
        "committee_chair",
        "time",
        "place",
    ):
        assert key in context
    assert (context["members"], context["issued"], context["collected"], context["valid"]) == (6, 6, 5, 5)
    assert context["results"][0]["percent"] == "100,0 %"


def test_rules_cannot_change_once_the_ballot_is_open(open_ballot, secretary):
    from thidua.voting.errors import BallotNotEditable

    with pytest.raises(BallotNotEditable):
        services.ballot_update_rules(actor=secretary, ballot=open_ballot, threshold_numerator=2)
