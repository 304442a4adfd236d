"""A cluster conference's suy tôn ballot feeds the cluster's award proposal."""

import pytest
from django.urls import reverse

from thidua.awards import services
from thidua.awards.models import ProposalBatch, ProposalStatus
from thidua.conferences.tests.factories import ConferenceFactory
from thidua.core.errors import ValidationFailed
from thidua.voting.models import Ballot, BallotKind, BallotOption, BallotStatus, OptionResult

pytestmark = pytest.mark.django_db


@pytest.fixture
def suy_ton(term, provinces):
    """Tallied: Tiền Giang and Sóc Trăng elected for the Cờ thi đua, Trà Vinh not."""
    conference = ConferenceFactory(term=term, host=provinces[1], title="Hội nghị tổng kết năm 2024 Cụm 11")
    ballot = Ballot.objects.create(
        conference=conference,
        kind=BallotKind.CHOOSE_UP_TO_N,
        max_choices=2,
        title="Suy tôn đơn vị đề nghị tặng Cờ thi đua",
        award_title="Cờ thi đua của Bộ Công an",
        status=BallotStatus.TALLIED,
    )
    for order, (unit, support, winner) in enumerate(
        [(provinces[1], 6, True), (provinces[0], 5, True), (provinces[5], 1, False)]
    ):
        option = BallotOption.objects.create(ballot=ballot, order=order, label=unit.name, unit=unit)
        OptionResult.objects.create(
            ballot=ballot,
            option=option,
            support=support,
            base=6,
            passed=winner,
            is_winner=winner,
            rule_text=f"{'Đạt' if winner else 'Không đạt'}: {support}/6 phiếu",
        )
    return ballot


@pytest.fixture
def cluster_batch(term, ministry):
    return ProposalBatch.objects.create(
        title="Đề nghị khen thưởng tổng kết năm 2024 – Cụm 11",
        cluster_term=term,
        reviewer=ministry,
        year=2024,
    )


def test_the_elected_units_become_candidates_citing_the_vote(
    seeded, users, cluster_batch, suy_ton, provinces
):
    created = services.candidates_from_ballot(
        actor=users["cluster_staff"], batch=cluster_batch, ballot=suy_ton, award_type=seeded["CO-BCA"]
    )
    assert {c.unit for c in created} == {provinces[0], provinces[1]}
    first = next(c for c in created if c.unit == provinces[1])
    assert (
        "suy tôn" in first.achievement
        and "6/6 phiếu" in first.achievement
        and "16/07/2024" in first.achievement
    )
    assert first.source_ballot == suy_ton
    again = services.candidates_from_ballot(
        actor=users["cluster_staff"], batch=cluster_batch, ballot=suy_ton, award_type=seeded["CO-BCA"]
    )
    assert again == [] and cluster_batch.candidates.count() == 2  # already proposed: left as they are


def test_refused_for_an_open_ballot_an_individual_award_or_a_locked_batch(
    seeded, users, cluster_batch, suy_ton
):
    staff = users["cluster_staff"]
    suy_ton.status = BallotStatus.OPEN
    suy_ton.save()
    with pytest.raises(ValidationFailed):
        services.candidates_from_ballot(
            actor=staff, batch=cluster_batch, ballot=suy_ton, award_type=seeded["CO-BCA"]
        )
    suy_ton.status = BallotStatus.PUBLISHED
    suy_ton.save()
    individual = next(t for t in seeded.values() if t.recipient_kind == "individual")
    with pytest.raises(ValidationFailed):
        services.candidates_from_ballot(
            actor=staff, batch=cluster_batch, ballot=suy_ton, award_type=individual
        )
    assert not cluster_batch.candidates.exists()


def test_batch_page_form_adds_the_elected_units(client, seeded, users, cluster_batch, suy_ton):
    client.force_login(users["cluster_staff"])
    page = client.get(reverse("awards:batch_detail", args=[cluster_batch.pk])).content.decode()
    assert 'id="ballot-form"' in page and "Suy tôn đơn vị đề nghị tặng Cờ thi đua" in page
    response = client.post(
        reverse("awards:batch_action", args=[cluster_batch.pk, "from-ballot"]),
        {"ballot": suy_ton.pk, "award_type": seeded["CO-BCA"].pk},
    )
    assert response.status_code == 302
    assert cluster_batch.candidates.count() == 2
    assert "Đã thêm 2 đơn vị được suy tôn." in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("role", ["officer", "viewer", "foreign_officer"])
def test_only_the_drafters_of_the_cluster_batch_use_it(client, seeded, users, cluster_batch, suy_ton, role):
    client.force_login(users[role])
    response = client.post(
        f"/api/v1/awards/proposals/{cluster_batch.pk}/candidates/from-ballot",
        {"ballot_id": suy_ton.pk, "award_code": "CO-BCA"},
        content_type="application/json",
    )
    assert response.status_code in (403, 404)
    assert not cluster_batch.candidates.exists()


def test_api_adds_the_elected_units(client, seeded, users, cluster_batch, suy_ton):
    client.force_login(users["cluster_staff"])
    url = f"/api/v1/awards/proposals/{cluster_batch.pk}/candidates/from-ballot"
    response = client.post(
        url, {"ballot_id": suy_ton.pk, "award_code": "CO-BCA"}, content_type="application/json"
    )
    assert response.status_code == 201 and len(response.json()) == 2
    cluster_batch.status = ProposalStatus.PENDING_LEADER
    cluster_batch.save()
    locked = client.post(
        url, {"ballot_id": suy_ton.pk, "award_code": "CO-TCCT"}, content_type="application/json"
    )
    assert locked.status_code == 409
