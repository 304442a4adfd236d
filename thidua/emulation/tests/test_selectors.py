"""Progress (pro-rated targets, on-track shares, forecast), scoping, document contexts."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from thidua.core.errors import AccessDenied, NotFound
from thidua.emulation import selectors, services
from thidua.emulation.models import Target
from thidua.emulation.tests.factories import make_registration

pytestmark = pytest.mark.django_db


def _target(**kwargs) -> Target:
    defaults = {"target_value": Decimal("400"), "direction": "higher", "measure": "cumulative"}
    return Target(indicator="x", unit_of_measure="vụ", **{**defaults, **kwargs})


def test_cumulative_target_is_pro_rated_for_the_period():
    progress = selectors.target_progress(target=_target(), months=3, actual=Decimal("100"))
    assert progress.expected == Decimal("100.00") and progress.on_track
    assert progress.percent_of_year == Decimal("25.00") and progress.forecast == Decimal("400.00")
    assert not selectors.target_progress(target=_target(), months=6, actual=Decimal("190")).on_track


def test_rate_targets_are_not_pro_rated():
    target = _target(target_value=Decimal("80"), measure="level")
    assert selectors.target_progress(target=target, months=3, actual=Decimal("79")).expected == Decimal("80")
    assert not selectors.target_progress(target=target, months=3, actual=Decimal("79")).on_track


def test_lower_is_better_targets_are_on_track_at_or_below_the_pro_rated_ceiling():
    target = _target(target_value=Decimal("120"), direction="lower")
    assert selectors.target_progress(target=target, months=6, actual=Decimal("60")).on_track
    assert not selectors.target_progress(target=target, months=6, actual=Decimal("61")).on_track
    zero = _target(target_value=Decimal("0"), direction="lower")
    assert selectors.target_progress(target=zero, months=6, actual=Decimal("0")).on_track
    assert not selectors.target_progress(target=zero, months=6, actual=Decimal("1")).on_track


def test_forecast_follows_the_trend_of_cumulative_values():
    # Q1 100, 6 months 260: a quickening pace → more than 4 × Q1
    forecast = selectors.forecast_year_end(
        measure="cumulative", points=[(3, Decimal("100")), (6, Decimal("260"))]
    )
    assert forecast is not None and Decimal("480") < forecast < Decimal("520")
    level = selectors.forecast_year_end(measure="level", points=[(3, Decimal("70")), (6, Decimal("75"))])
    assert level == Decimal("85.00")
    assert selectors.forecast_year_end(measure="cumulative", points=[]) is None


@settings(max_examples=50, deadline=None)
@given(
    rate=st.decimals(min_value=0, max_value=1000, places=2),
    months=st.lists(st.sampled_from([3, 6, 9]), min_size=1, max_size=3, unique=True),
)
def test_forecast_of_a_steady_pace_is_twelve_months_of_that_pace(rate, months):
    points = [(m, rate * m) for m in months]
    assert abs(selectors.forecast_year_end(measure="cumulative", points=points) - rate * 12) <= Decimal(
        "0.01"
    )


@settings(max_examples=50, deadline=None)
@example(value=Decimal("0.02"), actual=Decimal("0.00"), months=3, direction="higher")  # 0.005 → 0.01
@given(
    value=st.decimals(min_value=0, max_value=10000, places=2),
    actual=st.decimals(min_value=0, max_value=10000, places=2),
    months=st.sampled_from([3, 6, 9, 12]),
    direction=st.sampled_from(["higher", "lower"]),
)
def test_on_track_is_the_comparison_with_the_pro_rated_value(value, actual, months, direction):
    progress = selectors.target_progress(
        target=_target(target_value=value, direction=direction), months=months, actual=actual
    )
    # Pro-rated values round half up, as the papers do (0.005 → 0.01), not half to even.
    expected = (value * months / 12).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert progress.on_track == (actual >= expected if direction == "higher" else actual <= expected)


def _accepted_report(users, term, unit, period, values):
    report = services.report_open(actor=users["officer"], term=term, unit=unit, period=period)
    services.report_save(actor=users["officer"], report=report, values=values)
    services.report_submit(actor=users["officer"], report=report)
    services.report_approve(actor=users["unit_leader"], report=report)
    return services.report_accept(actor=users["cluster_staff"], report=report)


def test_cluster_share_counts_only_accepted_reports_and_unreported_targets_as_behind(
    users, term, provinces, registration, covenant, periods
):
    make_registration(term, provinces[2], covenant)  # Bến Tre registered but has not reported
    cases, rate, violations = registration.targets.order_by("order")
    _accepted_report(
        users,
        term,
        provinces[1],
        periods["q1"],
        {cases.pk: Decimal("120"), rate.pk: Decimal("70"), violations.pk: Decimal("0")},
    )
    progress = selectors.term_progress(actor=users["viewer"], term=term, period=periods["q1"])
    tien_giang = next(u for u in progress.units if u.unit == provinces[1])
    assert (tien_giang.on_track, tien_giang.total, tien_giang.share) == (2, 3, Decimal("66.67"))
    assert progress.total == 6 and progress.on_track == 2 and progress.share == Decimal("33.33")
    assert not progress.meets_goal


def test_drill_down_shows_history_across_periods(users, term, provinces, registration, periods):
    cases = registration.targets.order_by("order").first()
    values = {t.pk: Decimal("0") for t in registration.targets.all()}
    _accepted_report(users, term, provinces[1], periods["q1"], {**values, cases.pk: Decimal("90")})
    _accepted_report(users, term, provinces[1], periods["half"], {**values, cases.pk: Decimal("210")})
    unit = selectors.unit_progress(
        actor=users["cluster_staff"], term=term, unit=provinces[1], period=periods["half"]
    )
    row = unit.targets[0]
    assert row.history == [("Quý 1/2024", Decimal("90")), ("Sơ kết 6 tháng 2024", Decimal("210"))]
    assert (
        row.actual == Decimal("210")
        and row.on_track
        and row.forecast is not None
        and row.forecast > Decimal("400")
    )


def test_progress_is_not_visible_outside_the_cluster(users, term, periods):
    with pytest.raises(AccessDenied):
        selectors.term_progress(actor=users["foreign_officer"], term=term, period=periods["q1"])


def test_registration_detail_is_not_found_for_other_units(users, registration):
    with pytest.raises(NotFound):
        selectors.registration_get(actor=users["foreign_officer"], registration_id=registration.pk)
    assert selectors.registration_get(actor=users["cluster_staff"], registration_id=registration.pk)


def test_covenant_document_context_is_plain_data(covenant):
    context = selectors.covenant_document_context(covenant)
    assert context["cluster_name"] == "Cụm thi đua số 11" and context["year"] == 2024
    assert context["total_points"] == 100 and context["signed_on"] == "01/03/2024"
    assert [g["code"] for g in context["groups"]] == ["I", "II"]
    assert sum(c["max_points"] for g in context["groups"] for c in g["criteria"]) == 100
    assert len(context["signatories"]) == 6
    _assert_plain(context)


def test_period_report_document_context_has_results_narratives_and_share(
    users, term, provinces, registration, periods
):
    values = {t.pk: Decimal("100") for t in registration.targets.all()}
    report = _accepted_report(users, term, provinces[1], periods["q1"], values)
    report.narrative_professional = "Triệt phá 3 đường dây ma túy"
    report.save()
    context = selectors.period_report_document_context(term, periods["q1"])
    assert context["period"] == "Quý 1/2024"
    member = next(m for m in context["members"] if m["unit"] == provinces[1].name)
    assert member["accepted"] and len(member["targets"]) == 3 and member["targets"][0]["actual"] == 100
    assert context["narratives"][0]["items"] == [
        {"unit": provinces[1].short_name, "text": "Triệt phá 3 đường dây ma túy"}
    ]
    assert context["on_track_share"] is not None
    _assert_plain(context)


def _assert_plain(value):
    if isinstance(value, dict):
        for item in value.values():
            _assert_plain(item)
    elif isinstance(value, list):
        for item in value:
            _assert_plain(item)
    else:
        assert value is None or isinstance(value, str | int | float | bool), repr(value)


def test_reminders_flag_overdue_reports_for_the_officer(users, term, provinces, registration, periods):
    import datetime

    items = selectors.reminders(actor=users["officer"], today=datetime.date(2024, 4, 20))
    overdue = [r for r in items if r.kind == "overdue"]
    assert overdue and "Quý 1/2024" in overdue[0].text
