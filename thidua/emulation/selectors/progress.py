"""Progress against registered targets: expected values, on-track checks, year-end forecasts."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from thidua.accounts.models import User
from thidua.core.errors import NotFound
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterTerm, Unit

from ..models import (
    Direction,
    EmulationPeriod,
    Measure,
    PeriodReport,
    ReportValue,
    SubmissionStatus,
    Target,
    TargetRegistration,
)
from ._common import HUNDRED, ON_TRACK_GOAL, _pct, _q2, can_view_unit_data
from .periods import term_periods
from .submissions import term_member_units

# -- progress ------------------------------------------------------------------------------------


def expected_value(*, target_value: Decimal, measure: str, months: int) -> Decimal:
    """The value a target should have reached after `months` (cumulative targets pro-rated)."""
    if measure == Measure.CUMULATIVE:
        return _q2(target_value * Decimal(months) / Decimal(12))
    return target_value


def is_on_track(*, direction: str, actual: Decimal, expected: Decimal) -> bool:
    return actual >= expected if direction == Direction.HIGHER else actual <= expected


def forecast_year_end(*, measure: str, points: list[tuple[int, Decimal]]) -> Decimal | None:
    """Year-end value from the trend of (months, value) points.

    Cumulative targets: least squares through the origin (value = rate × months), × 12.
    Rates/levels: least-squares line over the points (last value when only one), at month 12.
    """
    points = sorted({m: v for m, v in points if m > 0}.items())
    if not points:
        return None
    if measure == Measure.CUMULATIVE:
        numerator = sum((Decimal(m) * v for m, v in points), Decimal(0))
        denominator = sum((Decimal(m * m) for m, _v in points), Decimal(0))
        return _q2(max(Decimal(0), numerator / denominator * 12))
    if len(points) == 1:
        return points[0][1]
    count = Decimal(len(points))
    mean_m = sum((Decimal(m) for m, _v in points), Decimal(0)) / count
    mean_v = sum((v for _m, v in points), Decimal(0)) / count
    spread = sum(((Decimal(m) - mean_m) ** 2 for m, _v in points), Decimal(0))
    slope = sum(((Decimal(m) - mean_m) * (v - mean_v) for m, v in points), Decimal(0)) / spread
    return _q2(max(Decimal(0), mean_v + slope * (Decimal(12) - mean_m)))


@dataclass
class TargetProgress:
    target: Target
    actual: Decimal | None
    expected: Decimal
    on_track: bool
    percent_of_expected: Decimal | None  # 100 = exactly on pace (for "lower is better": expected / actual)
    percent_of_year: Decimal | None  # actual vs the full-year target
    forecast: Decimal | None
    forecast_on_track: bool | None
    history: list[tuple[str, Decimal]] = field(default_factory=list)  # (period label, value)


def target_progress(
    *,
    target: Target,
    months: int,
    actual: Decimal | None,
    points: list[tuple[int, Decimal]] | None = None,
    history: list[tuple[str, Decimal]] | None = None,
) -> TargetProgress:
    expected = expected_value(target_value=target.target_value, measure=target.measure, months=months)
    forecast = forecast_year_end(
        measure=target.measure, points=points or ([(months, actual)] if actual is not None else [])
    )
    if actual is None:
        return TargetProgress(target, None, expected, False, None, None, forecast, None, history or [])
    higher = target.direction == Direction.HIGHER
    if higher:
        of_expected = _q2(actual * HUNDRED / expected) if expected else None
    else:
        of_expected = _q2(expected * HUNDRED / actual) if actual else None
    of_year = _q2(actual * HUNDRED / target.target_value) if target.target_value else None
    forecast_ok = None
    if forecast is not None:
        forecast_ok = is_on_track(direction=target.direction, actual=forecast, expected=target.target_value)
    return TargetProgress(
        target=target,
        actual=actual,
        expected=expected,
        on_track=is_on_track(direction=target.direction, actual=actual, expected=expected),
        percent_of_expected=of_expected,
        percent_of_year=of_year,
        forecast=forecast,
        forecast_on_track=forecast_ok,
        history=history or [],
    )


@dataclass
class UnitProgress:
    unit: Unit
    registration_status: str | None
    report: PeriodReport | None
    targets: list[TargetProgress]

    @property
    def total(self) -> int:
        return len(self.targets)

    @property
    def reported(self) -> int:
        return sum(1 for t in self.targets if t.actual is not None)

    @property
    def on_track(self) -> int:
        return sum(1 for t in self.targets if t.on_track)

    @property
    def share(self) -> Decimal | None:
        """Share of the unit's targets on track (unreported targets count as not on track)."""
        return _pct(self.on_track, self.total)

    @property
    def forecast_on_track(self) -> int:
        return sum(1 for t in self.targets if t.forecast_on_track)

    @property
    def forecast_share(self) -> Decimal | None:
        return _pct(self.forecast_on_track, self.total)


@dataclass
class TermProgress:
    term: ClusterTerm
    period: EmulationPeriod
    units: list[UnitProgress]

    @property
    def total(self) -> int:
        return sum(u.total for u in self.units)

    @property
    def on_track(self) -> int:
        return sum(u.on_track for u in self.units)

    @property
    def share(self) -> Decimal | None:
        return _pct(self.on_track, self.total)

    @property
    def forecast_share(self) -> Decimal | None:
        return _pct(sum(u.forecast_on_track for u in self.units), self.total)

    @property
    def meets_goal(self) -> bool:
        return self.share is not None and self.share > ON_TRACK_GOAL

    def chart(self) -> dict:
        return {
            "labels": [u.unit.display_name for u in self.units],
            "share": [float(u.share) if u.share is not None else 0 for u in self.units],
            "forecast": [float(u.forecast_share) if u.forecast_share is not None else 0 for u in self.units],
            "goal": float(ON_TRACK_GOAL),
        }


def _values_by_target(
    term: ClusterTerm, period: EmulationPeriod, units: list[int] | None, statuses
) -> dict[int, list]:
    """Accepted values up to the period's end: target id → [(months, period label, value, period id)]."""
    values = ReportValue.objects.filter(
        report__term=term, report__period__end_date__lte=period.end_date, report__status__in=statuses
    ).select_related("report__period")
    if units is not None:
        values = values.filter(report__unit_id__in=units)
    result: dict[int, list] = {}
    for value in values:
        p = value.report.period
        result.setdefault(value.target_id, []).append(
            (p.months, p.label, value.actual_value, p.pk, p.end_date)
        )
    for rows in result.values():
        rows.sort(key=lambda r: (r[4], r[0]))
    return result


def progress_for(
    *,
    term: ClusterTerm,
    period: EmulationPeriod,
    unit_ids: list[int] | None = None,
    include_pending: bool = False,
) -> TermProgress:
    """Progress of a term's members for a period from accepted reports (flat in the number of rows).

    With `include_pending`, reports not yet accepted (draft to approved) count too (a unit's own view).
    """
    statuses: list[str] = [SubmissionStatus.ACCEPTED]
    if include_pending:
        statuses = list(SubmissionStatus.values)
    units = term_member_units(term=term)
    if unit_ids is not None:
        units = [u for u in units if u.pk in unit_ids]
    ids = [u.pk for u in units]
    registrations = {
        r.unit_id: r
        for r in TargetRegistration.objects.filter(term=term, unit_id__in=ids).prefetch_related(
            Prefetch("targets", queryset=Target.objects.select_related("criterion").order_by("order", "pk"))
        )
    }
    reports = {r.unit_id: r for r in PeriodReport.objects.filter(term=term, period=period, unit_id__in=ids)}
    values = _values_by_target(term, period, ids, statuses)
    result = []
    for unit in units:
        registration = registrations.get(unit.pk)
        rows = []
        if registration is not None and registration.status == SubmissionStatus.ACCEPTED:
            for target in registration.targets.all():
                history = values.get(target.pk, [])
                current = next((r[2] for r in history if r[3] == period.pk), None)
                rows.append(
                    target_progress(
                        target=target,
                        months=period.months,
                        actual=current,
                        points=[(r[0], r[2]) for r in history],
                        history=[(r[1], r[2]) for r in history],
                    )
                )
        result.append(
            UnitProgress(
                unit=unit,
                registration_status=registration.status if registration else None,
                report=reports.get(unit.pk),
                targets=rows,
            )
        )
    return TermProgress(term=term, period=period, units=result)


def term_progress(*, actor: User, term: ClusterTerm, period: EmulationPeriod) -> TermProgress:
    """The cluster's progress table (members' shared data: VIEW_CLUSTER)."""
    access.require_term(actor, Action.VIEW_CLUSTER, term)
    return progress_for(term=term, period=period)


def unit_progress(*, actor: User, term: ClusterTerm, unit: Unit, period: EmulationPeriod) -> UnitProgress:
    """Drill-down to one unit's targets; its own users and the term's managers also see pending reports."""
    access.require_term(actor, Action.VIEW_CLUSTER, term)
    if unit.pk not in {u.pk for u in term_member_units(term=term)}:
        raise NotFound()
    own = can_view_unit_data(actor, term, unit)
    progress = progress_for(term=term, period=period, unit_ids=[unit.pk], include_pending=own)
    return progress.units[0]


def latest_reported_period(*, term: ClusterTerm) -> EmulationPeriod | None:
    period_id = (
        PeriodReport.objects.filter(term=term, status=SubmissionStatus.ACCEPTED)
        .order_by("-period__end_date", "period__kind")
        .values_list("period_id", flat=True)
        .first()
    )
    periods = term_periods(term=term)
    chosen = next((p for p in periods if p.pk == period_id), None)
    return chosen or (periods[0] if periods else None)
