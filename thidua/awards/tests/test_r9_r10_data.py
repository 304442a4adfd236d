"""R9/R10 (TT12 Điều 18.1) from the year's records, not tick boxes (issue 17.8): a Cờ BCA result, the
cluster's tallied "dẫn đầu" ballot (one winner unless configured) or its locked year-end ranking; the tick box
counts only as a recorded exception with a reason, approved by a second person."""

import datetime

import pytest
from django.urls import reverse

from thidua.awards import eligibility, services
from thidua.awards.eligibility import Facts, Subject
from thidua.awards.errors import OverrideAlreadyApproved, OverrideNeedsSecondPerson
from thidua.awards.models import CandidateStatus, CriterionOverride
from thidua.conferences.tests.factories import ConferenceFactory
from thidua.core.errors import ValidationFailed
from thidua.emulation.models import PeriodKind
from thidua.scoring.models import PeriodLock
from thidua.scoring.tests.factories import PeriodFactory, SheetFactory
from thidua.voting.models import BallotKind, BallotStatus, OptionResult
from thidua.voting.tests.factories import BallotFactory, BallotOptionFactory

from .factories import BatchFactory, CandidateFactory

pytestmark = pytest.mark.django_db


def verdict_line(award, unit, rule, candidate=None, **extra):
    facts = Facts(year=2024, unit_ids={unit.pk})
    subject = Subject.of(candidate) if candidate else Subject(award_type=award, unit_id=unit.pk, **extra)
    return next(item for item in eligibility.evaluate(facts, subject).lines if item.rule == rule)


def _tallied(term, winners, losers=(), max_winners=None, title="Suy tôn đơn vị dẫn đầu Cụm năm 2024"):
    ballot = BallotFactory(
        conference=ConferenceFactory(term=term),
        title=title,
        status=BallotStatus.TALLIED,
        max_winners=max_winners,
    )
    for unit, winner in [(u, True) for u in winners] + [(u, False) for u in losers]:
        option = BallotOptionFactory(ballot=ballot, unit=unit, label=unit.name)
        OptionResult.objects.create(
            ballot=ballot, option=option, support=5 if winner else 1, base=6, passed=winner, is_winner=winner
        )
    return ballot


def _year_ranking(term, ranks, locked=True, number=1):
    period = PeriodFactory(
        owner=term.cluster.owner,
        kind=PeriodKind.YEAR,
        number=number,
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2024, 12, 31),
        default_deadline=datetime.date(2025, 1, 10),
    )
    for unit, rank in ranks:
        SheetFactory(term=term, period=period, unit=unit, rank=rank, is_locked=locked)
    if locked:
        PeriodLock.objects.create(term=term, period=period, reason="Tổng kết năm 2024")
    return period


def test_r9_flag_standard_from_an_accepted_co_bca_proposal_tt12_dieu_18(seeded, term):
    unit = term.leader
    proposal = CandidateFactory(batch=BatchFactory(unit=unit), award_type=seeded["CO-BCA"], unit=unit)
    assert verdict_line(seeded["CO-CP"], unit, "flag_standard").passed is False  # only proposed
    proposal.status = CandidateStatus.ACCEPTED
    proposal.save()
    result = verdict_line(seeded["CO-CP"], unit, "flag_standard")
    assert result.passed is True and "kết quả xét" in result.message
    assert result.citation == "Điều 18.1 TT 12/2019/TT-BCA"


def test_r9_a_rejected_or_other_year_co_bca_result_does_not_count(seeded, term):
    unit = term.leader
    CandidateFactory(
        batch=BatchFactory(unit=unit), award_type=seeded["CO-BCA"], unit=unit, status=CandidateStatus.REJECTED
    )
    CandidateFactory(
        batch=BatchFactory(unit=unit, year=2023),
        award_type=seeded["CO-BCA"],
        unit=unit,
        status=CandidateStatus.ACCEPTED,
    )
    assert verdict_line(seeded["CO-CP"], unit, "flag_standard").passed is False


def test_r10_a_dan_dau_ballot_with_two_winners_proves_nothing_unless_configured(seeded, term):
    leader, deputy = term.leader, term.deputy
    _tallied(term, winners=[leader, deputy])
    assert verdict_line(seeded["CO-CP"], leader, "leads_cluster").passed is False
    _tallied(term, winners=[leader, deputy], max_winners=2, title="Suy tôn hai đơn vị dẫn đầu khối")
    assert verdict_line(seeded["CO-CP"], deputy, "leads_cluster").passed is True


def test_r10_a_ballot_about_something_else_does_not_make_a_leader(seeded, term):
    _tallied(term, winners=[term.leader], title="Suy tôn Cờ thi đua của Bộ Công an")
    assert verdict_line(seeded["CO-CP"], term.leader, "leads_cluster").passed is False


def test_r10_leader_from_the_locked_year_end_ranking(seeded, term, provinces):
    leader, second = provinces[2], provinces[3]
    _year_ranking(term, [(leader, 1), (second, 2)])
    result = verdict_line(seeded["CO-CP"], leader, "leads_cluster")
    assert result.passed is True and "bảng xếp hạng tổng kết năm đã khóa" in result.message
    assert verdict_line(seeded["CO-CP"], second, "leads_cluster").passed is False


def test_r10_an_unlocked_or_tied_ranking_proves_nothing(seeded, term, provinces):
    _year_ranking(term, [(provinces[2], 1)], locked=False)
    assert verdict_line(seeded["CO-CP"], provinces[2], "leads_cluster").passed is False
    other_term_period = _year_ranking(term, [(provinces[4], 1), (provinces[5], 1)], number=2)
    assert other_term_period.kind == PeriodKind.YEAR
    assert verdict_line(seeded["CO-CP"], provinces[4], "leads_cluster").passed is False


def test_dan_dau_ballot_has_one_winner_unless_configured(term, users):
    from thidua.voting import services as voting_services

    conference = ConferenceFactory(term=term)
    ballot = voting_services.ballot_create(
        actor=users["admin"],
        conference=conference,
        kind=BallotKind.CHOOSE_ONE,
        title="Suy tôn đơn vị dẫn đầu",
    )
    assert ballot.max_winners == 1
    configured = voting_services.ballot_create(
        actor=users["admin"],
        conference=conference,
        kind=BallotKind.CHOOSE_UP_TO_N,
        title="Bầu đơn vị dẫn đầu các khối",
        max_choices=2,
        max_winners=2,
    )
    assert configured.max_winners == 2
    other = voting_services.ballot_create(
        actor=users["admin"], conference=conference, kind=BallotKind.YES_NO, title="Xếp loại đơn vị"
    )
    assert other.max_winners is None


# -- the tick box as a recorded exception -----------------------------------------------------------------


@pytest.fixture
def batch(seeded, users, provinces):
    return services.batch_create(
        actor=users["officer"], title="Đề nghị Cờ thi đua 2024", year=2024, unit=provinces[1]
    )


def _ticked(seeded, users, batch, actor="officer", **extra):
    return services.candidate_add(
        actor=users[actor],
        batch=batch,
        award_type=seeded["CO-CP"],
        unit=batch.unit,
        achievement="Dẫn đầu cụm năm 2024",
        leads_cluster=True,
        **extra,
    )


@pytest.mark.parametrize("reason", ["", "   ", "x\x00y", "x" * 2001])
def test_a_tick_box_needs_a_clean_reason_and_nothing_is_saved(seeded, users, batch, reason):
    with pytest.raises(ValidationFailed) as caught:
        _ticked(seeded, users, batch, override_reason=reason)
    assert caught.value.field == "override_reason" and "lý do" in str(caught.value).lower()
    assert not batch.candidates.exists() and not CriterionOverride.objects.exists()


def test_override_counts_only_after_a_second_person_approves(seeded, users, batch):
    candidate = _ticked(
        seeded, users, batch, actor="admin", override_reason="Biên bản suy tôn bản giấy ngày 14/11/2024"
    )
    override = candidate.overrides.get()
    assert override.requested_by == users["admin"] and not override.is_approved
    assert verdict_line(seeded["CO-CP"], batch.unit, "leads_cluster", candidate).passed is False
    with pytest.raises(OverrideNeedsSecondPerson):  # the proposer may approve others' requests, not his own
        services.override_approve(actor=users["admin"], override=override)
    services.override_approve(actor=users["unit_leader"], override=override)
    result = verdict_line(seeded["CO-CP"], batch.unit, "leads_cluster", candidate)
    assert result.passed is True
    assert (
        "Biên bản suy tôn bản giấy" in result.message
        and users["unit_leader"].get_full_name() in result.message
    )
    with pytest.raises(OverrideAlreadyApproved):
        services.override_approve(actor=users["board"], override=override)
    override.refresh_from_db()
    assert override.approved_by == users["unit_leader"]


def test_override_approval_is_refused_outside_the_batch(seeded, users, batch):
    from thidua.core.errors import AccessDenied

    override = _ticked(seeded, users, batch, override_reason="Biên bản giấy").overrides.get()
    for role in ("viewer", "foreign_officer", "nobody"):
        with pytest.raises(AccessDenied):
            services.override_approve(actor=users[role], override=override)
    assert not CriterionOverride.objects.get().is_approved


def test_override_page_approves_and_shows_the_reason(client, seeded, users, batch):
    override = _ticked(seeded, users, batch, override_reason="Biên bản giấy ngày 14/11").overrides.get()
    client.force_login(users["unit_leader"])
    page = client.get(reverse("awards:batch_detail", args=[batch.pk]))
    assert (
        "Biên bản giấy ngày 14/11" in page.content.decode()
        and f"override-{override.pk}" in page.content.decode()
    )
    url = reverse("awards:override_approve", args=[batch.pk, override.pk])
    assert client.post(url).status_code == 302
    override.refresh_from_db()
    assert override.approved_by == users["unit_leader"]
    client.force_login(users["admin"])  # the proposer this time
    other = services.candidate_add(
        actor=users["admin"],
        batch=batch,
        award_type=seeded["CO-BCA"],
        unit=batch.unit,
        achievement="Cờ BCA",
        meets_flag_standard=True,
        override_reason="Kết quả bản giấy",
    ).overrides.get()
    page_url = reverse("awards:batch_detail", args=[batch.pk])
    response = client.post(
        reverse("awards:override_approve", args=[batch.pk, other.pk]), follow=True, HTTP_REFERER=page_url
    )
    assert "phải do người thứ hai duyệt" in response.content.decode()
    assert not CriterionOverride.objects.get(pk=other.pk).is_approved


def test_override_api_approves_and_refuses_a_foreign_id(client, seeded, users, batch, other_province):
    override = _ticked(seeded, users, batch, override_reason="Biên bản giấy").overrides.get()
    foreign = services.batch_create(
        actor=users["foreign_officer"], title="Đề nghị", year=2024, unit=other_province
    )
    client.force_login(users["unit_leader"])
    url = f"/api/v1/awards/proposals/{foreign.pk}/overrides/{override.pk}/approve"
    assert client.post(url).status_code == 404  # another batch's id
    response = client.post(f"/api/v1/awards/proposals/{batch.pk}/overrides/{override.pk}/approve")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["approved_by"] == users["unit_leader"].get_username() and body["rule_key"] == "leads_cluster"
    again = client.post(f"/api/v1/awards/proposals/{batch.pk}/overrides/{override.pk}/approve")
    assert again.status_code == 409 and again.json()["code"] == "override_already_approved"


def test_candidate_api_refuses_a_tick_without_reason(client, seeded, users, batch):
    client.force_login(users["officer"])
    response = client.post(
        f"/api/v1/awards/proposals/{batch.pk}/candidates",
        {"award_code": "CO-CP", "unit_id": batch.unit_id, "achievement": "Dẫn đầu", "leads_cluster": True},
        content_type="application/json",
    )
    assert response.status_code == 422 and "lý do" in response.json()["message"].lower()
    assert not batch.candidates.exists()
    response = client.post(
        f"/api/v1/awards/proposals/{batch.pk}/candidates",
        {
            "award_code": "CO-CP",
            "unit_id": batch.unit_id,
            "achievement": "Dẫn đầu",
            "leads_cluster": True,
            "override_reason": "Biên bản giấy",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert CriterionOverride.objects.get().reason == "Biên bản giấy"
