"""Issue 15.5: one classification is official. When the classification ballot of a period is published,
the ranking page and the API show the vote's grade as the official classification, the score band
beside it, labelled (two units voted "Tốt" no longer show only "Xuất sắc")."""

import re
from decimal import Decimal

import pytest

from thidua.scoring.tests.factories import PeriodFactory, SheetFactory
from thidua.voting import selectors, services
from thidua.voting.models import BallotKind
from thidua.voting.tests.factories import codes_of, shares_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(ministry, conference):
    period = PeriodFactory(owner=ministry)
    conference.period = period
    conference.save()
    return period


@pytest.fixture
def sheets(term, period, provinces):
    # every unit scores 95: "Xuất sắc" by points
    return [SheetFactory(term=term, period=period, unit=unit, total=Decimal("95")) for unit in provinces]


def _classify(make_ballot, secretary, grades_for_first_two: str, *, publish: bool = True):
    ballot = services.ballot_open(actor=secretary, ballot=make_ballot(kind=BallotKind.CLASSIFICATION))
    options = list(ballot.options.order_by("order"))
    for code in codes_of(ballot):
        services.vote_cast(
            code=code,
            choices={o.pk: grades_for_first_two if i < 2 else "excellent" for i, o in enumerate(options)},
        )
    services.ballot_close(actor=secretary, ballot=ballot)
    ballot = services.ballot_tally(actor=secretary, ballot=ballot, shares=shares_of(ballot))
    if publish:
        ballot = services.ballot_publish(actor=secretary, ballot=ballot)
    return ballot, options


def _search(pattern: str, text: str) -> str:
    """The first match of `pattern` in `text` (group 1 if the pattern has a group), or fail the test."""
    match = re.search(pattern, text, re.S)
    assert match is not None, pattern
    return match.group(1 if match.re.groups else 0)


def _row(body: str, unit_id: int) -> str:
    return _search(rf'<tr data-unit="{unit_id}">.*?</tr>', body)


def test_the_published_vote_is_the_official_classification_on_the_ranking_page(
    client, users, term, period, sheets, make_ballot, secretary, provinces
):
    ballot, options = _classify(make_ballot, secretary, "good")
    voted_good = [o.unit for o in options[:2]]
    client.force_login(users["viewer"])
    body = client.get(f"/cham-diem/cum/{term.pk}/ky/{period.pk}/").content.decode()
    assert "Xếp loại chính thức (bỏ phiếu)" in body and "Xếp loại theo điểm" in body
    assert ballot.title in body.split('id="official-source"')[1].split("</p>")[0]
    for unit in voted_good:
        row = _row(body, unit.pk)
        official = _search(r'<td class="official">(.*?)</td>', row)
        by_score = _search(r'<td class="by-score">(.*?)</td>', row)
        assert "Tốt" in official and "Xuất sắc" not in official
        assert "Xuất sắc" in by_score and "theo điểm" in by_score
    # every row shows exactly the vote's grade (the ballot's own rules, e.g. a quota of "Xuất sắc")
    for result in selectors.ballot_results(ballot):
        row = _row(body, result["unit_id"])
        official = _search(r'<td class="official">(.*?)</td>', row)
        assert f"<strong>{result['grade_label']}</strong>" in official


def test_the_api_carries_the_official_grade_beside_the_band(
    client, users, term, period, sheets, make_ballot, secretary
):
    _ballot, options = _classify(make_ballot, secretary, "good")
    client.force_login(users["viewer"])
    rows = client.get(f"/api/v1/scoring/terms/{term.pk}/periods/{period.pk}/leaderboard").json()
    by_unit = {row["unit_id"]: row for row in rows}
    first = by_unit[options[0].unit_id]
    assert (first["official_grade"], first["band_label"]) == ("Tốt", "Xuất sắc")
    assert first["official_source"]


def test_an_unpublished_tally_is_not_official(client, users, term, period, sheets, make_ballot, secretary):
    _classify(make_ballot, secretary, "good", publish=False)
    client.force_login(users["viewer"])
    body = client.get(f"/cham-diem/cum/{term.pk}/ky/{period.pk}/").content.decode()
    assert "Xếp loại chính thức" not in body and 'class="official"' not in body
    rows = client.get(f"/api/v1/scoring/terms/{term.pk}/periods/{period.pk}/leaderboard").json()
    assert {row["official_grade"] for row in rows} == {""}
