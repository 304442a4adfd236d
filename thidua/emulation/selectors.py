"""Reads for the emulation capability: scoped, eager-loaded; progress and forecasts; document contexts."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from thidua.core.errors import NotFound
from thidua.core.text import number, search_terms
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterMembership, ClusterTerm, Unit
from thidua.organisation.selectors import term_get

from .models import (
    Covenant,
    CovenantSignatory,
    CriteriaGroup,
    Criterion,
    Direction,
    EmulationPeriod,
    Evidence,
    Measure,
    ModelInitiative,
    Movement,
    PeriodDeadline,
    PeriodKind,
    PeriodReport,
    ReportValue,
    RuleKind,
    SubmissionStatus,
    Target,
    TargetRegistration,
)

ON_TRACK_GOAL = Decimal("60")  # "targets on track above 60 % at the review" (DOMAIN.md §0 seed 002)
HUNDRED = Decimal("100")

__all__ = ["term_get"]


def _q2(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _pct(part: int, whole: int) -> Decimal | None:
    return _q2(Decimal(part) * HUNDRED / Decimal(whole)) if whole else None


# -- access helpers ------------------------------------------------------------------------------


def can_view_unit_data(actor, term: ClusterTerm, unit: Unit) -> bool:
    """A unit's own submissions: its own scope, the term's managers (the leader's staff, the board),
    or the deputy unit's staff for the leader unit's own submissions (they accept them, 13.8)."""
    return (
        access.can(actor, Action.VIEW, unit)
        or access.can_term(actor, Action.MANAGE_TERM, term)
        or access.can_assess(actor, term, unit)
    )


# -- periods, movements --------------------------------------------------------------------------


def term_period_queryset(term: ClusterTerm) -> QuerySet[EmulationPeriod]:
    """The periods of a term's year set by its cluster's owner, in the one order every page and API uses:
    by end date, a quarter before the summary period ending the same day (Q2 before the half-year)."""
    quarter_first = Case(When(kind=PeriodKind.QUARTER, then=Value(0)), default=Value(1))
    return (
        EmulationPeriod.objects.filter(owner_id=term.cluster.owner_id, year=term.year)
        .select_related("owner")
        .order_by("end_date", quarter_first, "number")
    )


def _with_deadlines(term: ClusterTerm, periods: list[EmulationPeriod]) -> list[EmulationPeriod]:
    deadlines = dict(PeriodDeadline.objects.filter(term=term).values_list("period_id", "due_date"))
    for period in periods:
        period.due_date = deadlines.get(period.pk, period.default_deadline)  # type: ignore[attr-defined]  # display-only attribute
    return periods


def term_periods(*, term: ClusterTerm) -> list[EmulationPeriod]:
    """The term's periods, each with its `due_date` (the term's own deadline or the period's default)."""
    return _with_deadlines(term, list(term_period_queryset(term)))


def managed_owners(*, actor) -> list[Unit]:
    """Authorities owning clusters whose emulation board the user belongs to (they configure periods)."""
    owners = Unit.objects.filter(owned_clusters__isnull=False).distinct().order_by("path")
    return [owner for owner in owners if access.can(actor, Action.MANAGE_CLUSTERS, owner)]


def owner_periods(*, owner: Unit, year: int) -> QuerySet[EmulationPeriod]:
    return EmulationPeriod.objects.filter(owner=owner, year=year).order_by("end_date", "kind")


def period_get(*, term: ClusterTerm, period_id: int) -> EmulationPeriod:
    """Fetch and check once: a period of another owner or year is NotFound."""
    period = term_period_queryset(term).filter(pk=period_id).first()
    if period is None:
        raise NotFound()
    return _with_deadlines(term, [period])[0]


def movement_list(*, actor, year: int | None = None) -> QuerySet[Movement]:
    """Movements launched by an authority above or at the user's units (a movement applies downwards)."""
    movements = Movement.objects.select_related("owner").prefetch_related("terms__cluster", "units")
    if not access.is_admin(actor):
        paths = list(access.units_in_scope(actor, Action.VIEW).values_list("path", flat=True)[:200])
        owners = {p[: i + 7] for p in paths for i in range(0, len(p), 7)}
        movements = movements.filter(
            Q(owner__path__in=owners) | Q(owner__in=access.units_in_scope(actor, Action.VIEW))
        )
    if year:
        movements = movements.filter(start_date__year__lte=year, end_date__year__gte=year)
    return movements.order_by("-start_date", "name")


def term_list(*, actor, year: int | None = None) -> QuerySet[ClusterTerm]:
    terms = (
        ClusterTerm.objects.filter(pk__in=access.terms_in_scope(actor).values("pk"))
        .select_related("cluster__owner", "leader", "deputy", "covenant")
        .annotate(member_count=Count("memberships", distinct=True))
    )
    if year:
        terms = terms.filter(year=year)
    return terms.order_by("-year", "cluster__level", "cluster__owner__path", "cluster__number")


# -- covenant ------------------------------------------------------------------------------------


def _covenant_queryset() -> QuerySet[Covenant]:
    return Covenant.objects.select_related(
        "term__cluster__owner", "term__leader", "term__deputy", "movement"
    ).prefetch_related(
        Prefetch(
            "groups",
            queryset=CriteriaGroup.objects.order_by("order", "pk").prefetch_related(
                Prefetch("criteria", queryset=Criterion.objects.order_by("order", "pk"))
            ),
        ),
        Prefetch(
            "signatories", queryset=CovenantSignatory.objects.select_related("unit").order_by("order", "pk")
        ),
        "rules",
        "amendments__made_by",
    )


def covenant_for_term(*, actor, term: ClusterTerm) -> Covenant | None:
    if not access.can_term(actor, Action.VIEW_CLUSTER, term):
        raise NotFound()
    return _covenant_queryset().filter(term=term).first()


def covenant_get(*, actor, covenant_id: int) -> Covenant:
    covenant = _covenant_queryset().filter(pk=covenant_id).first()
    if covenant is None or not access.can_term(actor, Action.VIEW_CLUSTER, covenant.term):
        raise NotFound()
    return covenant


def criterion_get(*, actor, criterion_id: int) -> Criterion:
    criterion = (
        Criterion.objects.select_related(
            "group__covenant__term__cluster__owner", "group__covenant__term__leader"
        )
        .filter(pk=criterion_id)
        .first()
    )
    if criterion is None or not access.can_term(actor, Action.VIEW_CLUSTER, criterion.group.covenant.term):
        raise NotFound()
    return criterion


def group_get(*, actor, group_id: int) -> CriteriaGroup:
    group = (
        CriteriaGroup.objects.select_related("covenant__term__cluster__owner", "covenant__term__leader")
        .filter(pk=group_id)
        .first()
    )
    if group is None or not access.can_term(actor, Action.VIEW_CLUSTER, group.covenant.term):
        raise NotFound()
    return group


def covenant_criteria(*, term: ClusterTerm) -> list[Criterion]:
    return list(
        Criterion.objects.filter(group__covenant__term=term)
        .select_related("group")
        .order_by("group__order", "order", "pk")
    )


# Workflow bookkeeping shown by the "who/when" columns already, not as field changes.
_AUDIT_HIDDEN = {
    "updated_at",
    "version",
    "created_at",
    "submitted_by",
    "approved_by",
    "accepted_by",
    "returned_by",
    "submitted_at",
    "approved_at",
    "accepted_at",
    "returned_at",
}


def _audit_value(field, value) -> str:
    if value is None or value == "":
        return "—"
    if getattr(field, "choices", None):
        return str(dict(field.choices).get(value, value))
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, Decimal):
        return number(value)  # 144.000; 469.204,80
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _audit_rows(records, label, created_fields: tuple[str, ...] = ()) -> list[dict]:
    """Historical records as rows: when, who, what, action and the changed fields (before → after)."""
    records = list(records)
    previous_of: dict[int, object] = {}
    last_by_object: dict[object, object] = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        previous_of[record.history_id] = last_by_object.get(record.id)
        last_by_object[record.id] = record
    rows = []
    for record in records:
        changes = []
        previous = previous_of.get(record.history_id)
        meta = record.instance_type._meta
        if previous is None and record.history_type == "+":
            for name in created_fields:
                field = meta.get_field(name)
                changes.append((str(field.verbose_name), "—", _audit_value(field, getattr(record, name))))
        elif previous is not None:
            delta = record.diff_against(
                previous, excluded_fields=list(_AUDIT_HIDDEN & {f.name for f in meta.fields})
            )
            for change in delta.changes:
                field = meta.get_field(change.field)
                changes.append(
                    (
                        str(field.verbose_name),
                        _audit_value(field, change.old),
                        _audit_value(field, change.new),
                    )
                )
        rows.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "what": label(record),
                "action": record.get_history_type_display(),
                "changes": changes,
            }
        )
    return rows


def covenant_history(*, covenant: Covenant) -> list[dict]:
    """Audit trail of the covenant and its criteria (who, when, before/after)."""
    rows = _audit_rows(
        covenant.history.select_related("history_user").order_by("-history_date")[:50], lambda r: "Giao ước"
    )
    rows += _audit_rows(
        Criterion.history.filter(group_id__in=covenant.groups.values("pk"))
        .select_related("history_user")
        .order_by("-history_date")[:100],
        lambda r: f"Tiêu chí {r.code}",
        created_fields=("max_points",),
    )
    return sorted(rows, key=lambda r: r["when"], reverse=True)


# -- registrations, reports, evidence ------------------------------------------------------------

_SUBMISSION_RELATED = (
    "term__cluster__owner",
    "term__leader",
    "term__deputy",
    "unit",
    "submitted_by",
    "approved_by",
    "accepted_by",
    "returned_by",
)


def registration_for(*, actor, term: ClusterTerm, unit: Unit) -> TargetRegistration | None:
    if not can_view_unit_data(actor, term, unit):
        raise NotFound()
    return (
        TargetRegistration.objects.select_related(*_SUBMISSION_RELATED)
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.select_related("criterion").order_by("order", "pk"))
        )
        .filter(term=term, unit=unit)
        .first()
    )


def registration_get(*, actor, registration_id: int) -> TargetRegistration:
    registration = (
        TargetRegistration.objects.select_related(*_SUBMISSION_RELATED)
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.select_related("criterion").order_by("order", "pk"))
        )
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or not can_view_unit_data(actor, registration.term, registration.unit):
        raise NotFound()
    return registration


def target_get(*, actor, target_id: int) -> Target:
    target = (
        Target.objects.select_related(
            "registration__term__cluster__owner",
            "registration__term__leader",
            "registration__unit",
            "criterion",
        )
        .filter(pk=target_id)
        .first()
    )
    if target is None or not can_view_unit_data(actor, target.registration.term, target.registration.unit):
        raise NotFound()
    return target


def _report_queryset() -> QuerySet[PeriodReport]:
    return PeriodReport.objects.select_related(*_SUBMISSION_RELATED, "period__owner").prefetch_related(
        Prefetch("values", queryset=ReportValue.objects.select_related("target")),
        Prefetch("evidence", queryset=Evidence.objects.select_related("uploaded_by")),
    )


def report_get(*, actor, report_id: int) -> PeriodReport:
    report = _report_queryset().filter(pk=report_id).first()
    if report is None or not can_view_unit_data(actor, report.term, report.unit):
        raise NotFound()
    return report


def report_for(*, actor, term: ClusterTerm, unit: Unit, period: EmulationPeriod) -> PeriodReport | None:
    if not can_view_unit_data(actor, term, unit):
        raise NotFound()
    return _report_queryset().filter(term=term, unit=unit, period=period).first()


def evidence_get(*, actor, evidence_id: int) -> Evidence:
    evidence = (
        Evidence.objects.select_related(
            "report__term__cluster__owner", "report__term__leader", "report__unit"
        )
        .filter(pk=evidence_id)
        .first()
    )
    if evidence is None or not can_view_unit_data(actor, evidence.report.term, evidence.report.unit):
        raise NotFound()
    return evidence


def submission_history(*, submission: TargetRegistration | PeriodReport) -> list[dict]:
    """Audit trail of a registration (with its targets) or a report (with its values)."""
    rows = _audit_rows(
        submission.history.select_related("history_user").order_by("-history_date")[:50],  # type: ignore[union-attr]
        lambda r: "Hồ sơ",
    )
    if isinstance(submission, TargetRegistration):
        rows += _audit_rows(
            Target.history.filter(registration_id=submission.pk)
            .select_related("history_user")
            .order_by("-history_date")[:100],
            lambda r: f"Chỉ tiêu: {r.indicator[:60]}",
            created_fields=("target_value",),
        )
    else:
        names = dict(
            Target.objects.filter(
                registration__term_id=submission.term_id, registration__unit_id=submission.unit_id
            ).values_list("pk", "indicator")
        )
        rows += _audit_rows(
            ReportValue.history.filter(report_id=submission.pk)
            .select_related("history_user")
            .order_by("-history_date")[:100],
            lambda r: f"Kết quả: {names.get(r.target_id, r.target_id)}"[:90],
            created_fields=("actual_value",),
        )
    return sorted(rows, key=lambda r: r["when"], reverse=True)


def term_member_units(*, term: ClusterTerm) -> list[Unit]:
    units = [m.unit for m in ClusterMembership.objects.filter(term=term).select_related("unit")]
    units.sort(key=lambda u: (u.pk != term.leader_id, u.pk != term.deputy_id, u.name))
    return units


@dataclass
class MemberStatus:
    unit: Unit
    registration: TargetRegistration | None
    reports: dict[int, PeriodReport]  # period id → report
    target_count: int = 0


def term_status(*, term: ClusterTerm) -> list[MemberStatus]:
    """Per member: its registration and reports (status, late flags) — 3 queries."""
    units = term_member_units(term=term)
    registrations = {
        r.unit_id: r
        for r in TargetRegistration.objects.filter(term=term).annotate(target_count=Count("targets"))
    }
    reports: dict[int, dict[int, PeriodReport]] = {}
    for report in PeriodReport.objects.filter(term=term):
        reports.setdefault(report.unit_id, {})[report.period_id] = report
    return [
        MemberStatus(
            unit=unit,
            registration=registrations.get(unit.pk),
            reports=reports.get(unit.pk, {}),
            target_count=getattr(registrations.get(unit.pk), "target_count", 0),
        )
        for unit in units
    ]


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
        numerator = sum(Decimal(m) * v for m, v in points)
        denominator = sum(Decimal(m * m) for m, _v in points)
        return _q2(max(Decimal(0), numerator / denominator * 12))
    if len(points) == 1:
        return points[0][1]
    count = Decimal(len(points))
    mean_m = sum(Decimal(m) for m, _v in points) / count
    mean_v = sum(v for _m, v in points) / count
    spread = sum((Decimal(m) - mean_m) ** 2 for m, _v in points)
    slope = sum((Decimal(m) - mean_m) * (v - mean_v) for m, v in points) / spread
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
    statuses = [SubmissionStatus.ACCEPTED]
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


def term_progress(*, actor, term: ClusterTerm, period: EmulationPeriod) -> TermProgress:
    """The cluster's progress table (members' shared data: VIEW_CLUSTER)."""
    access.require_term(actor, Action.VIEW_CLUSTER, term)
    return progress_for(term=term, period=period)


def unit_progress(*, actor, term: ClusterTerm, unit: Unit, period: EmulationPeriod) -> UnitProgress:
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


# -- reminders (dashboard) -----------------------------------------------------------------------


@dataclass
class Reminder:
    kind: str  # due / overdue / approve / accept / late
    text: str
    url_args: tuple
    due_date: datetime.date | None = None


def reminders(*, actor, today: datetime.date | None = None, limit: int = 12) -> list[Reminder]:
    """What the user should act on: reports due/overdue (officer), awaiting approval (leader) or acceptance."""
    today = today or timezone.localdate()
    items: list[Reminder] = []
    edit_units = access.units_in_scope(actor, Action.EDIT)
    approve_units = access.units_in_scope(actor, Action.APPROVE)
    terms = list(
        access.terms_in_scope(actor).select_related("cluster__owner", "leader").order_by("-year")[:50]
    )
    manageable = [t for t in terms if access.can_term(actor, Action.MANAGE_TERM, t)]
    memberships = list(
        ClusterMembership.objects.filter(term__in=terms, unit__in=edit_units).select_related(
            "unit", "term__cluster"
        )
    )
    if memberships:
        owners_years = {(m.term.cluster.owner_id, m.term.year) for m in memberships}
        periods = [
            p
            for p in EmulationPeriod.objects.filter(
                owner_id__in={o for o, _y in owners_years}, year__in={y for _o, y in owners_years}
            )
            if p.default_deadline >= today - datetime.timedelta(days=60)
            and p.end_date <= today + datetime.timedelta(days=31)
        ]
        deadlines = {
            (d.term_id, d.period_id): d.due_date
            for d in PeriodDeadline.objects.filter(term_id__in={m.term_id for m in memberships})
        }
        done = set(
            PeriodReport.objects.filter(term_id__in={m.term_id for m in memberships}, unit__in=edit_units)
            .exclude(status__in=[SubmissionStatus.DRAFT, SubmissionStatus.RETURNED])
            .values_list("term_id", "unit_id", "period_id")
        )
        for membership in memberships:
            for period in periods:
                if period.owner_id != membership.term.cluster.owner_id or period.year != membership.term.year:
                    continue
                if (membership.term_id, membership.unit_id, period.pk) in done:
                    continue
                due = deadlines.get((membership.term_id, period.pk), period.default_deadline)
                kind = "overdue" if due < today else "due"
                items.append(
                    Reminder(
                        kind=kind,
                        text=f"{membership.unit.display_name}: báo cáo {period.label} ({membership.term.cluster.name}) "
                        + ("đã quá hạn" if kind == "overdue" else "hạn")
                        + f" {due:%d/%m/%Y}",
                        url_args=("report", membership.term_id, membership.unit_id, period.pk),
                        due_date=due,
                    )
                )
    awaiting_approval = PeriodReport.objects.filter(
        unit__in=approve_units, status=SubmissionStatus.SUBMITTED
    ).select_related("unit", "period")
    for report in awaiting_approval[:limit]:
        items.append(
            Reminder(
                "approve",
                f"{report.unit.display_name}: báo cáo {report.period.label} chờ lãnh đạo duyệt",
                ("report", report.term_id, report.unit_id, report.period_id),
            )
        )
    registrations_waiting = TargetRegistration.objects.filter(
        unit__in=approve_units, status=SubmissionStatus.SUBMITTED
    ).select_related("unit")
    for registration in registrations_waiting[:limit]:
        items.append(
            Reminder(
                "approve",
                f"{registration.unit.display_name}: đăng ký chỉ tiêu chờ lãnh đạo duyệt",
                ("registration", registration.term_id, registration.unit_id),
            )
        )
    if manageable:
        for report in PeriodReport.objects.filter(
            term__in=manageable, status=SubmissionStatus.APPROVED
        ).select_related("unit", "period")[:limit]:
            late = " (nộp muộn)" if report.is_late else ""
            items.append(
                Reminder(
                    "accept",
                    f"{report.unit.display_name}: báo cáo {report.period.label} chờ Cụm trưởng tiếp nhận{late}",
                    ("report", report.term_id, report.unit_id, report.period_id),
                )
            )
        for registration in TargetRegistration.objects.filter(
            term__in=manageable, status=SubmissionStatus.APPROVED
        ).select_related("unit")[:limit]:
            items.append(
                Reminder(
                    "accept",
                    f"{registration.unit.display_name}: đăng ký chỉ tiêu chờ Cụm trưởng tiếp nhận",
                    ("registration", registration.term_id, registration.unit_id),
                )
            )
    order = {"overdue": 0, "approve": 1, "accept": 2, "due": 3}
    items.sort(key=lambda r: (order.get(r.kind, 9), r.due_date or today))
    return items[:limit]


def late_reports(*, actor, year: int | None = None) -> QuerySet[PeriodReport]:
    """Reports submitted after their deadline in the latest year with reports (or `year`)."""
    terms = access.terms_in_scope(actor)
    if year is None:
        year = (
            PeriodReport.objects.filter(term__in=terms)
            .order_by("-term__year")
            .values_list("term__year", flat=True)
            .first()
        )
    terms = terms.filter(year=year or 0)
    reports = PeriodReport.objects.filter(term__in=terms, is_late=True).select_related(
        "unit", "period", "term__cluster"
    )
    return reports.filter(Q(unit__in=access.units_in_scope(actor, Action.VIEW)) | Q(term__in=terms)).order_by(
        "-submitted_at"
    )


# -- models & initiatives ------------------------------------------------------------------------


def initiative_list(
    *, actor, query: str = "", year: int | None = None, kind: str = "", unit_id: int | None = None
) -> QuerySet[ModelInitiative]:
    """Models & initiatives of units the user can see or whose cluster the user can see.

    Diacritic-insensitive: "to cong tac dac biet 123" finds "Tổ công tác đặc biệt 123"."""
    initiatives = ModelInitiative.objects.select_related("unit", "period").prefetch_related("replicated_to")
    if not access.is_admin(actor):
        visible_members = ClusterMembership.objects.filter(term__in=access.terms_in_scope(actor)).values(
            "unit_id"
        )
        initiatives = initiatives.filter(
            Q(unit__in=access.units_in_scope(actor, Action.VIEW)) | Q(unit_id__in=visible_members)
        )
    for word in search_terms(query):
        initiatives = initiatives.filter(Q(search_key__contains=word) | Q(unit__search_key__contains=word))
    if year:
        initiatives = initiatives.filter(year=year)
    if kind:
        initiatives = initiatives.filter(kind=kind)
    if unit_id:
        initiatives = initiatives.filter(unit_id=unit_id)
    return initiatives.order_by("-year", "name")


def initiative_get(*, actor, initiative_id: int) -> ModelInitiative:
    initiative = initiative_list(actor=actor).filter(pk=initiative_id).first()
    if initiative is None:
        raise NotFound()
    return initiative


# -- contexts for generated documents (plain data) -----------------------------------------------


def _number(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _date(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def covenant_document_context(covenant: Covenant) -> dict:
    """Everything the covenant paper needs, as strings/numbers/lists (no model objects)."""
    covenant = _covenant_queryset().get(pk=covenant.pk)
    term = covenant.term
    rules = list(covenant.rules.all())
    return {
        "cluster_name": term.display_name,
        "cluster_number": term.cluster.number,
        "cluster_level": term.cluster.get_level_display(),
        "owner": term.cluster.owner.name,
        "year": term.year,
        "leader": term.leader.name if term.leader else "",
        "deputy": term.deputy.name if term.deputy else "",
        "movement": covenant.movement.name
        if covenant.movement
        else "Phong trào thi đua “Vì an ninh Tổ quốc”",
        "slogan": covenant.slogan,
        "status": covenant.get_status_display(),
        "is_signed": covenant.is_signed,
        "signed_on": _date(covenant.signed_on),
        "place": covenant.signed_at_place,
        "total_points": _number(covenant.total_points),
        "groups": [
            {
                "code": group.code,
                "title": group.title,
                "max_points": _number(sum((c.max_points for c in group.criteria.all()), Decimal(0))),
                "criteria": [
                    {
                        "code": c.code,
                        "title": c.title,
                        "max_points": _number(c.max_points),
                        "method": c.get_method_display(),
                        "reference": c.reference,
                        "formula_hint": c.formula_hint,
                    }
                    for c in group.criteria.all()
                ],
            }
            for group in covenant.groups.all()
        ],
        "bonus_rules": [
            {"title": r.title, "points": _number(r.points), "cap": _number(r.cap), "reference": r.reference}
            for r in rules
            if r.kind == RuleKind.BONUS
        ],
        "penalty_rules": [
            {"title": r.title, "points": _number(r.points), "cap": _number(r.cap), "reference": r.reference}
            for r in rules
            if r.kind == RuleKind.PENALTY
        ],
        "signatories": [
            {
                "unit": s.unit.name,
                "unit_short": s.unit.display_name,
                "signer_name": s.signer_name,
                "signer_position": s.signer_position,
                "signed": s.signed,
            }
            for s in covenant.signatories.all()
        ],
        "amendments": [
            {
                "date": _date(timezone.localtime(a.made_at).date()),
                "reason": a.reason,
                "before": a.before,
                "after": a.after,
            }
            for a in covenant.amendments.all()
        ],
    }


def period_report_document_context(term: ClusterTerm, period: EmulationPeriod) -> dict:
    """The cluster's report for a period: members' results per target (accepted reports), narratives, on-track share."""
    progress = progress_for(term=term, period=period)
    reports = {
        r.unit_id: r for r in PeriodReport.objects.filter(term=term, period=period).select_related("unit")
    }
    deadline = (
        PeriodDeadline.objects.filter(term=term, period=period).values_list("due_date", flat=True).first()
    )
    members = []
    narratives = {"narrative_professional": [], "narrative_emulation": [], "narrative_force_building": []}
    for unit_progress in progress.units:
        report = reports.get(unit_progress.unit.pk)
        accepted = report is not None and report.status == SubmissionStatus.ACCEPTED
        if accepted:
            for key, items in narratives.items():
                text = getattr(report, key)
                if text:
                    items.append({"unit": unit_progress.unit.display_name, "text": text})
        members.append(
            {
                "unit": unit_progress.unit.name,
                "unit_short": unit_progress.unit.display_name,
                "is_leader": unit_progress.unit.pk == term.leader_id,
                "report_status": report.get_status_display() if report else "Chưa báo cáo",
                "accepted": accepted,
                "submitted_on": _date(timezone.localtime(report.submitted_at).date())
                if report and report.submitted_at
                else "",
                "is_late": bool(report and report.is_late),
                "targets_total": unit_progress.total,
                "targets_on_track": unit_progress.on_track,
                "on_track_share": _number(unit_progress.share),
                "forecast_share": _number(unit_progress.forecast_share),
                "targets": [
                    {
                        "criterion": t.target.criterion.code if t.target.criterion else "",
                        "indicator": t.target.indicator,
                        "unit_of_measure": t.target.unit_of_measure,
                        "direction": t.target.get_direction_display(),
                        "target_value": _number(t.target.target_value),
                        "expected": _number(t.expected),
                        "actual": _number(t.actual),
                        "percent_of_year": _number(t.percent_of_year),
                        "on_track": t.on_track,
                        "forecast": _number(t.forecast),
                    }
                    for t in unit_progress.targets
                ],
            }
        )
    return {
        "cluster_name": term.display_name,
        "owner": term.cluster.owner.name,
        "year": term.year,
        "leader": term.leader.name if term.leader else "",
        "deputy": term.deputy.name if term.deputy else "",
        "period": period.label,
        "period_kind": period.get_kind_display(),
        "start_date": _date(period.start_date),
        "end_date": _date(period.end_date),
        "deadline": _date(deadline or period.default_deadline),
        "members": members,
        "targets_total": progress.total,
        "targets_on_track": progress.on_track,
        "on_track_share": _number(progress.share),
        "forecast_share": _number(progress.forecast_share),
        "on_track_goal": _number(ON_TRACK_GOAL),
        "meets_goal": progress.meets_goal,
        "narratives": [
            {"title": "Công tác chuyên môn", "items": narratives["narrative_professional"]},
            {"title": "Công tác thi đua – khen thưởng", "items": narratives["narrative_emulation"]},
            {
                "title": "Xây dựng lực lượng, hậu cần – kỹ thuật",
                "items": narratives["narrative_force_building"],
            },
        ],
    }
