"""Scoring reads: leaderboard (rank, ties, classification), explanations, history, comparison."""

from decimal import Decimal

import pytest

from thidua.core.errors import AccessDenied, NotFound
from thidua.scoring import selectors, services
from thidua.scoring.models import ScoreLine, ScoreSheet

from .factories import PeriodFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def computed(users, term, period, reports):
    services.scores_compute(actor=users["cluster_staff"], term=term, period=period)
    return {s.unit_id: s for s in ScoreSheet.objects.filter(term=term, period=period)}


def test_leaderboard_ranks_and_classifies_every_member(users, term, period, computed, provinces):
    rows = selectors.leaderboard(actor=users["viewer"], term=term, period=period)
    assert [r.unit_id for r in rows] == [provinces[i].pk for i in (0, 1, 3, 2, 4, 5)]
    assert [r.rank for r in rows] == [1, 2, 3, 4, 5, 6]
    assert [r.band for r in rows] == ["good", "fair", "average", "average", "weak", "weak"]


def test_equal_totals_are_separated_by_the_first_group(users, term, period, computed, provinces, covenant):
    """Bến Tre 52 and Vĩnh Long 53 → make them equal; group I (A1 32 vs 28) decides (default chain)."""
    line = ScoreLine.objects.get(sheet=computed[provinces[2].pk], criterion=covenant.criteria.a2)
    services.line_assess(actor=users["cluster_staff"], line=line, points=1, reason="Có mô hình")
    rows = {r.unit_id: r for r in selectors.leaderboard(actor=users["viewer"], term=term, period=period)}
    ben_tre, vinh_long = rows[provinces[2].pk], rows[provinces[3].pk]
    assert ben_tre.total == vinh_long.total == D("53.00")
    assert ben_tre.rank == 3 and vinh_long.rank == 4 and vinh_long.decided_by == "group:1"
    assert not ben_tre.tied


def test_true_tie_shares_the_rank_and_is_marked(users, term, period, computed, provinces, ministry):
    services.scoring_config_update(actor=users["board"], owner=ministry, tie_break=["penalty"])
    ScoreSheet.objects.filter(pk__in=[computed[provinces[2].pk].pk, computed[provinces[3].pk].pk]).update(
        total=D("53.00")
    )
    rows = {r.unit_id: r for r in selectors.leaderboard(actor=users["viewer"], term=term, period=period)}
    assert rows[provinces[2].pk].rank == rows[provinces[3].pk].rank == 3
    assert rows[provinces[2].pk].tied and rows[provinces[2].pk].tied_with == ["Công an tỉnh Vĩnh Long"]
    assert rows[provinces[4].pk].rank == 5


def test_leaderboard_outside_the_cluster_is_denied(users, term, period, computed):
    with pytest.raises(AccessDenied):
        selectors.leaderboard(actor=users["foreign_officer"], term=term, period=period)


def test_leaderboard_is_one_query_whatever_the_number_of_units(
    users, term, period, computed, django_assert_num_queries
):
    selectors.leaderboard(actor=users["viewer"], term=term, period=period)  # warm the grant cache
    with django_assert_num_queries(3):  # membership check (VIEW_CLUSTER), configuration, ranked sheets
        rows = selectors.leaderboard(actor=users["viewer"], term=term, period=period)
    assert len(rows) == term.memberships.count()


def test_leaderboard_reads_the_owners_own_configuration_when_it_has_one(
    users, term, period, computed, ministry, django_assert_num_queries
):
    """The owner's thresholds classify and its chain ranks, in the same three queries."""
    services.scoring_config_update(actor=users["board"], owner=ministry, threshold_average=D("1"))
    selectors.leaderboard(actor=users["viewer"], term=term, period=period)  # warm the grant cache
    with django_assert_num_queries(3):  # membership check, configuration, ranked sheets
        rows = selectors.leaderboard(actor=users["viewer"], term=term, period=period)
    assert [r.band for r in rows] == ["good", "fair", "average", "average", "average", "average"]
    services.scoring_config_update(actor=users["board"], owner=ministry, tie_break=["bonus"])
    with django_assert_num_queries(3):
        rows = selectors.leaderboard(actor=users["viewer"], term=term, period=period)
    assert [r.band for r in rows][-1] == "average"
    assert all(r.decided_by in (None, "total", "bonus") for r in rows)


def test_leaderboard_runs_a_plain_parameterised_query(users, term, period, computed):
    """Issue 14.6: no compiled query cached per connection with marker ids swapped in its parameters;
    the ranked sheets come from one query whose parameters are the term and the period."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert not hasattr(selectors, "_LEADER_SQL") and not hasattr(selectors, "_TERM_MARK")
    with CaptureQueriesContext(connection) as queries:
        rows = selectors.leaderboard(actor=users["viewer"], term=term, period=period)
    ranked = [q["sql"] for q in queries.captured_queries if "RANK()" in q["sql"]]
    assert len(ranked) == 1 and f"= {term.pk}" in ranked[0] and f"= {period.pk}" in ranked[0]
    assert [row.rank for row in rows] == sorted(row.rank for row in rows)


@pytest.mark.parametrize(
    "chain",
    [["group:1", "penalty", "penalty_count"], ["group:2", "bonus"], ["no_serious_violation", "group:1"], []],
)
def test_sql_ranking_agrees_with_the_rules_reference(users, term, period, computed, ministry, chain):
    """The leaderboard ranks in SQL; `rules.rank` (property-tested) is the reference it must match."""
    import random

    from thidua.scoring import rules

    services.scoring_config_update(actor=users["board"], owner=ministry, tie_break=chain)
    rng = random.Random(11)
    sheets = list(ScoreSheet.objects.filter(term=term, period=period))
    lines = list(ScoreLine.objects.filter(sheet__in=sheets))
    for _round in range(8):
        for line in lines:
            line.points = D(rng.choice(["0", "5", "10"]))
        ScoreLine.objects.bulk_update(lines, ["points"])
        for sheet in sheets:
            sheet.total = D(rng.choice(["70", "80"]))
            sheet.penalty_points = D(rng.choice(["0", "1"]))
            sheet.penalty_count = rng.choice([0, 1])
            sheet.bonus_points = D(rng.choice(["0", "2"]))
            sheet.serious_violation = rng.random() < 0.3
        ScoreSheet.objects.bulk_update(
            sheets, ["total", "penalty_points", "penalty_count", "bonus_points", "serious_violation"]
        )
        expected = rules.rank(
            services.standings(
                term_id=term.pk, period_id=period.pk, chain=chain or list(rules.DEFAULT_TIE_BREAK)
            ),
            chain or list(rules.DEFAULT_TIE_BREAK),
        )
        rows = selectors.leaderboard(actor=users["viewer"], term=term, period=period)
        assert [(r.unit_id, r.rank, r.tied, r.decided_by) for r in rows] == [
            (e.standing.unit_id, e.rank, e.tied, e.decided_by) for e in expected
        ]


def test_explain_line_shows_report_values_and_who_assessed(users, computed, provinces, covenant):
    line = ScoreLine.objects.get(sheet=computed[provinces[1].pk], criterion=covenant.criteria.a1)
    services.line_assess(actor=users["cluster_staff"], line=line, points=30, reason="Số liệu chưa khớp")
    explanation = selectors.explain_line(actor=users["viewer"], line_id=line.pk)
    kinds = [s.kind for s in explanation.steps]
    assert kinds[:2] == ["criterion", "report"] and "target" in kinds and kinds[-1] == "final"
    target_step = next(s for s in explanation.steps if s.kind == "target")
    assert "thực hiện 45" in target_step.detail and target_step.points == D("36.00")
    assessment = next(s for s in explanation.steps if s.kind == "assessment")
    assert (
        assessment.detail == "Số liệu chưa khớp" and assessment.who == users["cluster_staff"].get_full_name()
    )
    assert explanation.value == D("30.00")


def test_explain_sheet_shows_caps_and_why_not_excellent(users, computed, provinces, covenant):
    sheet = computed[provinces[0].pk]
    line = ScoreLine.objects.get(sheet=sheet, criterion=covenant.criteria.a2)
    services.line_assess(actor=users["board"], line=line, points=20, reason="Đạt")
    for _ in range(2):
        services.adjustment_add(
            actor=users["board"], sheet=sheet, kind="bonus", points=4, reason="Huân chương"
        )
    services.adjustment_add(
        actor=users["board"],
        sheet=sheet,
        kind="penalty",
        points=1,
        reason="Kỷ luật",
        is_serious_violation=True,
    )
    explanation = selectors.explain_sheet(actor=users["viewer"], sheet_id=sheet.pk)
    kinds = [s.kind for s in explanation.steps]
    assert kinds.count("adjustment") == 3 and "cap" in kinds
    band = next(s for s in explanation.steps if s.kind == "band")
    assert "Tốt" in band.title and "vi phạm nghiêm trọng" in band.detail and "Xuất sắc" in band.detail
    assert explanation.value == D("104.00")


def test_explain_is_not_found_outside_the_cluster(users, computed, provinces):
    with pytest.raises(NotFound):
        selectors.explain_sheet(actor=users["foreign_officer"], sheet_id=computed[provinces[0].pk].pk)


def test_unit_history_lists_periods_across_years(users, term, computed, provinces, ministry, covenant):
    year_end = PeriodFactory(
        owner=ministry, kind="year", end_date="2024-12-31", default_deadline="2025-01-10"
    )
    services.scores_compute(actor=users["cluster_staff"], term=term, period=year_end)
    history = list(selectors.unit_history(actor=users["officer"], unit=provinces[1]))
    assert [s.period.kind for s in history] == ["year", "half_year"]
    assert history[1].rank == 2 and history[1].member_count == 6
    with pytest.raises(NotFound):
        selectors.unit_history(actor=users["foreign_officer"], unit=provinces[1])


def test_cluster_comparison_for_owner_board(users, period, computed, ministry):
    rows = selectors.cluster_comparison(actor=users["board"], owner=ministry, period=period)
    assert len(rows) == 1
    row = rows[0]
    assert row.units == 6 and row.sheets == 6 and row.best == D("80.00") and row.worst == D("35.00")
    assert row.average == D("55.83")
    with pytest.raises(AccessDenied):
        selectors.cluster_comparison(actor=users["cluster_staff"], owner=ministry, period=period)


def test_differences_list_assessed_scores_differing_from_self(
    users, term, period, computed, provinces, covenant
):
    line = ScoreLine.objects.get(sheet=computed[provinces[1].pk], criterion=covenant.criteria.a2)
    services.line_self_score(actor=users["officer"], line=line, points=18)
    services.line_assess(actor=users["cluster_staff"], line=line, points=15, reason="Thiếu minh chứng")
    differences = list(selectors.differences(term=term, period=period))
    assert [(d.criterion.code, d.difference) for d in differences] == [("1.2", D("-3.00"))]


def test_scoring_and_emulation_list_a_terms_periods_in_one_order(term):
    """One 'periods of a term' selector (14.3): a quarter comes before the review ending the same day."""
    from thidua.emulation import selectors as emulation_selectors
    from thidua.emulation.tests.factories import make_periods

    made = make_periods(term.cluster.owner, year=term.year)
    expected = [made[k].pk for k in ("q1", "q2", "half", "q3", "q4", "year")]
    assert [row["period"].pk for row in selectors.term_periods(term=term)] == expected
    assert [p.pk for p in emulation_selectors.term_periods(term=term)] == expected
    assert (
        selectors.period_get(term=term, period_id=made["half"].pk).due_date == made["half"].default_deadline
    )
