"""Plain-data contexts for the papers generated from emulation data (covenant, period report)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from thidua.organisation.models import ClusterTerm

from ..models import (
    Covenant,
    EmulationPeriod,
    PeriodDeadline,
    PeriodReport,
    RuleKind,
    SubmissionStatus,
)
from ._common import ON_TRACK_GOAL
from .covenants import _covenant_queryset
from .progress import UnitProgress, progress_for

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


def _member_context(
    unit_progress: UnitProgress, report: PeriodReport | None, *, accepted: bool, leader_id: int | None
) -> dict:
    """One member's line of the period report: its report's status and its results per target."""
    return {
        "unit": unit_progress.unit.name,
        "unit_short": unit_progress.unit.display_name,
        "is_leader": unit_progress.unit.pk == leader_id,
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
    narratives: dict[str, list[dict[str, str]]] = {
        "narrative_professional": [],
        "narrative_emulation": [],
        "narrative_force_building": [],
    }
    for unit_progress in progress.units:
        report = reports.get(unit_progress.unit.pk)
        accepted = report is not None and report.status == SubmissionStatus.ACCEPTED
        if accepted:
            for key, items in narratives.items():
                text = getattr(report, key)
                if text:
                    items.append({"unit": unit_progress.unit.display_name, "text": text})
        members.append(_member_context(unit_progress, report, accepted=accepted, leader_id=term.leader_id))
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
