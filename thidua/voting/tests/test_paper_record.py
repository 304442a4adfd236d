"""16.10: a vote held on paper is recorded from its minutes ("23/25 phiếu, 21 đồng ý") without a voter
roll, with only the figures the paper states; a second person confirms it, it is tallied by the ballot's
rules, and the ballot page, the minutes and the API show it as a paper record with the unstated figures
left empty (never an invented 0)."""

from typing import Any

import pytest
from django.urls import reverse

from thidua.conferences.tests.factories import ConferenceFactory
from thidua.core.errors import ValidationFailed
from thidua.voting import selectors, services
from thidua.voting.errors import PaperRecordNotAllowed, SamePersonConfirms
from thidua.voting.models import Ballot, BallotStatus, OptionResult, PaperBatch, PaperBatchMode

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_conference(term):
    """A 2017 year-end conference of which only the minutes survive: no attendees in the system."""
    return ConferenceFactory(term=term, host=term.memberships.first().unit)


@pytest.fixture
def paper_ballot(old_conference, secretary, provinces):
    return services.ballot_create(
        actor=secretary,
        conference=old_conference,
        kind="yes_no",
        title="Suy tôn đơn vị dẫn đầu",
        units=[provinces[0]],
    )


def _record(ballot, actor, **figures):
    option = ballot.options.order_by("order", "pk").first()
    values: dict[str, Any] = {
        "source": "Biên bản kiểm phiếu ngày 14/11/2017",
        "voters_present": 25,
        "valid": 23,
    }
    values |= figures
    return services.paper_record_enter(actor=actor, ballot=ballot, totals=[(option.pk, "yes", 21)], **values)


def test_a_paper_result_without_a_roll_is_confirmed_tallied_and_shown_as_stated(
    client, paper_ballot, secretary, users
):
    batch = _record(paper_ballot, secretary)
    assert (batch.mode, batch.stated_present, batch.collected, batch.collected_stated) == (
        PaperBatchMode.RECORD,
        25,
        23,
        False,
    )
    with pytest.raises(SamePersonConfirms):
        services.paper_batch_confirm(actor=secretary, batch=batch)
    services.paper_batch_confirm(actor=users["board"], batch=batch)
    ballot = Ballot.objects.get(pk=paper_ballot.pk)
    assert ballot.status == BallotStatus.CLOSED and ballot.paper_issued == 0
    ballot = services.ballot_tally(actor=secretary, ballot=ballot)
    assert (ballot.voters_present, ballot.valid_count) == (25, 23)
    assert (ballot.collected_count, ballot.issued_count, ballot.invalid_count) == (None, None, None)
    assert ballot.quorum_met is None and "biên bản giấy" in ballot.outcome_note
    result = OptionResult.objects.get(ballot=ballot)
    assert result.counts == {"yes": 21} and result.passed  # 21/23 > 1/2

    client.force_login(secretary)
    page = client.get(reverse("voting:ballot_detail", args=[ballot.pk])).content.decode()
    assert "Kết quả ghi theo biên bản giấy" in page and "biên bản gốc không ghi" in page
    minutes = client.get(reverse("voting:minutes", args=[ballot.pk])).content.decode()
    assert "Biên bản kiểm phiếu ngày 14/11/2017" in minutes and "biên bản gốc không ghi" in minutes
    api = client.get(f"/api/v1/ballots/{ballot.pk}/paper-record").json()
    assert api == {
        "source": "Biên bản kiểm phiếu ngày 14/11/2017",
        "voters_entitled": None,
        "voters_present": 25,
        "issued": None,
        "collected": None,
        "valid": 23,
        "invalid": None,
    }
    detail = client.get(f"/api/v1/ballots/{ballot.pk}").json()
    assert (detail["valid_count"], detail["collected_count"], detail["quorum_met"]) == (23, None, None)


def test_the_api_records_and_the_second_person_confirms(client, paper_ballot, secretary, users):
    option = paper_ballot.options.get()
    client.force_login(secretary)
    response = client.post(
        f"/api/v1/ballots/{paper_ballot.pk}/paper-record",
        {
            "source": "Báo cáo tổng kết 2017",
            "voters_entitled": 27,
            "voters_present": 25,
            "issued": 25,
            "collected": 24,
            "valid": 23,
            "totals": [{"option_id": option.pk, "value": "yes", "count": 21}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["mode"], body["collected"], body["invalid"], body["stated_entitled"]) == (
        "record",
        24,
        1,
        27,
    )
    client.force_login(users["board"])
    confirmed = client.post(f"/api/v1/ballots/{paper_ballot.pk}/paper-batches/{body['id']}/confirm")
    assert confirmed.status_code == 200 and confirmed.json()["confirmed_by_id"] == users["board"].pk
    tallied = client.post(
        f"/api/v1/ballots/{paper_ballot.pk}/tally", {"shares": []}, content_type="application/json"
    )
    assert tallied.status_code == 200, tallied.content
    ballot = Ballot.objects.get(pk=paper_ballot.pk)
    assert (ballot.issued_count, ballot.collected_count, ballot.invalid_count, ballot.voters_entitled) == (
        25,
        24,
        1,
        27,
    )


@pytest.mark.parametrize(
    ("figures", "field"),
    [
        ({"valid": 26}, "valid"),  # more valid ballots than voters present
        ({"collected": 20}, "valid"),  # fewer collected than valid
        ({"collected": 24, "invalid": 3}, "invalid"),  # 24 − 3 ≠ 23
        ({"voters_entitled": 20}, "voters_present"),  # more present than entitled
        ({"source": "  "}, "source"),
        ({"source": "A\x00B"}, "source"),
    ],
)
def test_figures_that_contradict_each_other_are_refused_in_vietnamese(
    paper_ballot, secretary, figures, field
):
    with pytest.raises(ValidationFailed) as refused:
        _record(paper_ballot, secretary, **figures)
    assert refused.value.field == field and refused.value.status == 422
    assert not PaperBatch.objects.filter(ballot=paper_ballot).exists()


def test_a_count_above_the_valid_ballots_is_refused(client, paper_ballot, secretary):
    option = paper_ballot.options.get()
    client.force_login(secretary)
    response = client.post(
        f"/api/v1/ballots/{paper_ballot.pk}/paper-record",
        {
            "source": "Biên bản",
            "voters_present": 25,
            "valid": 23,
            "totals": [{"option_id": option.pk, "value": "yes", "count": 24}],
        },
        content_type="application/json",
    )
    assert response.status_code == 422 and "vượt số phiếu hợp lệ" in response.json()["message"]
    assert not PaperBatch.objects.exists()


def test_a_ballot_already_open_or_with_paper_cannot_take_a_paper_record(make_ballot, secretary):
    opened = services.ballot_open(actor=secretary, ballot=make_ballot())
    with pytest.raises(PaperRecordNotAllowed):
        _record(opened, secretary)
    draft = make_ballot()
    _record(draft, secretary)
    with pytest.raises(PaperRecordNotAllowed):
        _record(draft, secretary)
    assert PaperBatch.objects.filter(ballot=draft).count() == 1


def test_a_rule_on_ballots_cast_needs_the_collected_figure(old_conference, secretary, provinces):
    ballot = services.ballot_create(
        actor=secretary,
        conference=old_conference,
        kind="yes_no",
        title="Biểu quyết",
        units=[provinces[0]],
        threshold_base="ballots_cast",
    )
    with pytest.raises(ValidationFailed) as refused:
        _record(ballot, secretary)
    assert refused.value.field == "collected"


def test_only_the_terms_managers_record_a_paper_result(client, paper_ballot, users):
    option = paper_ballot.options.get()
    body = {
        "source": "Biên bản",
        "voters_present": 25,
        "valid": 23,
        "totals": [{"option_id": option.pk, "value": "yes", "count": 21}],
    }
    for role in ("viewer", "unit_leader", "foreign_officer"):
        client.force_login(users[role])
        response = client.post(
            f"/api/v1/ballots/{paper_ballot.pk}/paper-record", body, content_type="application/json"
        )
        assert response.status_code in (403, 404), role
    assert not PaperBatch.objects.exists()


def test_the_page_records_a_paper_result(client, paper_ballot, secretary):
    option = paper_ballot.options.get()
    client.force_login(secretary)
    page = client.get(reverse("voting:ballot_detail", args=[paper_ballot.pk])).content.decode()
    assert 'id="paper-record"' in page
    response = client.post(
        reverse("voting:paper_record", args=[paper_ballot.pk]),
        {
            "source": "Biên bản kiểm phiếu 2017",
            "voters_present": "25",
            "valid": "23",
            f"n_{option.pk}_yes": "21",
        },
    )
    assert response.status_code == 302
    batch = PaperBatch.objects.get(ballot=paper_ballot)
    assert (batch.mode, batch.stated_present, batch.stated_issued, batch.source) == (
        "record",
        25,
        None,
        "Biên bản kiểm phiếu 2017",
    )
    assert [(t.value, t.count) for t in batch.totals.all()] == [("yes", 21)]
    bad = client.post(
        reverse("voting:paper_record", args=[paper_ballot.pk]),
        {"source": "x", "voters_present": "-1", "valid": "a"},
    )
    assert bad.status_code == 302 and PaperBatch.objects.filter(ballot=paper_ballot).count() == 1
    assert selectors.paper_record(ballot=paper_ballot) is None  # not confirmed yet


def test_the_word_minutes_say_the_result_comes_from_the_paper_and_invent_no_figure(
    client, paper_ballot, secretary, users
):
    from thidua.documents.models import GeneratedDocument
    from thidua.documents.tests.docx_checks import body_text, open_docx

    batch = _record(paper_ballot, secretary)
    services.paper_batch_confirm(actor=users["board"], batch=batch)
    services.ballot_tally(actor=secretary, ballot=Ballot.objects.get(pk=paper_ballot.pk))
    client.force_login(secretary)
    response = client.post(reverse("documents:generate", args=["vote_count_minutes", paper_ballot.pk]))
    assert response.status_code == 302
    document = GeneratedDocument.objects.get(kind="vote_count_minutes")
    with document.docx.open("rb") as handle:
        text = body_text(open_docx(handle.read()))
    assert "Kết quả ghi lại theo biên bản giấy: Biên bản kiểm phiếu ngày 14/11/2017" in text
    assert "Số phiếu phát ra: biên bản gốc không ghi" in text
    assert "Số phiếu hợp lệ: 23" in text


def test_paper_totals_through_the_api_are_stored_for_confirmation(client, make_ballot, secretary):
    ballot = services.ballot_open(actor=secretary, ballot=make_ballot())
    option = ballot.options.order_by("order", "pk")[0]
    client.force_login(secretary)
    issued = client.post(f"/api/v1/ballots/{ballot.pk}/paper-issue")
    assert issued.status_code == 200 and issued.json()["issued"] == 6
    response = client.post(
        f"/api/v1/ballots/{ballot.pk}/paper-totals",
        {
            "collected": 6,
            "invalid": 1,
            "invalid_reasons": "1 phiếu rách",
            "totals": [{"option_id": option.pk, "value": "yes", "count": 4}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    batch = PaperBatch.objects.get(pk=response.json()["id"])
    assert (batch.mode, batch.collected, batch.invalid, batch.confirmed_by_id) == ("totals", 6, 1, None)
    assert [(t.option_id, t.value, t.count) for t in batch.totals.all()] == [(option.pk, "yes", 4)]
