"""Target registrations, period reports, evidence, their history, and the members' submission status."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from thidua.accounts.models import User
from thidua.core.errors import NotFound
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterMembership, ClusterTerm, Unit

from ..models import (
    EmulationPeriod,
    Evidence,
    PeriodReport,
    ReportValue,
    SubmissionStatus,
    Target,
    TargetRegistration,
)
from ._common import can_view_unit_data
from .covenants import _audit_rows

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


def registration_for(*, actor: User, term: ClusterTerm, unit: Unit) -> TargetRegistration | None:
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


def registration_get(*, actor: User, registration_id: int) -> TargetRegistration:
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


def target_get(*, actor: User, target_id: int, verb: str | None = None) -> Target:
    """A target through its registration (404 outside the actor's view); with `verb`, one the policy
    lets the actor `verb` too (403 otherwise, before the page reads a form)."""
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
    if verb is not None:
        access.require_object(actor, verb, target)
    return target


def submission_permissions(
    *, actor: User, unit: Unit, submission: TargetRegistration | PeriodReport | None
) -> dict[str, bool]:
    """What a registration or report page offers at the submission's stage (the policy's rules)."""
    status = submission.status if submission is not None else None
    return {
        "can_edit": access.can(actor, Action.EDIT, unit) and (submission is None or submission.is_editable),
        "can_approve": submission is not None
        and status == SubmissionStatus.SUBMITTED
        and access.can_object(actor, "approve", submission),
        "can_accept": submission is not None
        and status in (SubmissionStatus.APPROVED, SubmissionStatus.ACCEPTED)
        and access.can_object(actor, "accept", submission),
    }


def _report_queryset() -> QuerySet[PeriodReport]:
    return PeriodReport.objects.select_related(*_SUBMISSION_RELATED, "period__owner").prefetch_related(
        Prefetch("values", queryset=ReportValue.objects.select_related("target")),
        Prefetch("evidence", queryset=Evidence.objects.select_related("uploaded_by")),
    )


def report_get(*, actor: User, report_id: int) -> PeriodReport:
    report = _report_queryset().filter(pk=report_id).first()
    if report is None or not can_view_unit_data(actor, report.term, report.unit):
        raise NotFound()
    return report


def report_for(*, actor: User, term: ClusterTerm, unit: Unit, period: EmulationPeriod) -> PeriodReport | None:
    if not can_view_unit_data(actor, term, unit):
        raise NotFound()
    return _report_queryset().filter(term=term, unit=unit, period=period).first()


def evidence_get(*, actor: User, evidence_id: int) -> Evidence:
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


UNSENT = frozenset({SubmissionStatus.DRAFT, SubmissionStatus.RETURNED})


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
    overdue: frozenset[int] = frozenset()  # period ids past their deadline with no report sent (15.6)


def term_status(
    *, term: ClusterTerm, periods: list | None = None, today: datetime.date | None = None
) -> list[MemberStatus]:
    """Per member: its registration and reports (status, late flags) — 3 queries. With `periods` (each with
    its `due_date`, selectors.term_periods), each member also gets the periods it is overdue for: past the
    deadline with no report, or one still being drafted or sent back."""
    today = today or timezone.localdate()
    past_due = [p.pk for p in periods or [] if p.due_date < today]
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
            overdue=frozenset(
                pk
                for pk in past_due
                if (held := reports.get(unit.pk, {}).get(pk)) is None or held.status in UNSENT
            ),
        )
        for unit in units
    ]
