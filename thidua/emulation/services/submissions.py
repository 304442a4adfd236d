"""Target registrations and period reports: edit while draft/returned, then
submit (unit officer) → approve (unit leader) → accept (cluster leader's staff) or return with a reason."""

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.core.errors import ValidationFailed
from thidua.core.text import number
from thidua.core.versioning import version_claim
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterMembership, ClusterTerm, Unit

from .. import notices, policy
from ..errors import (
    CriterionNotInCovenant,
    MissingValues,
    NotAMember,
    NoTargets,
    NotEditable,
    PeriodNotInTerm,
    RegistrationNotAccepted,
    ReturnReasonRequired,
    TargetNotInReport,
)
from ..models import (
    Criterion,
    Direction,
    EmulationPeriod,
    Measure,
    PeriodDeadline,
    PeriodReport,
    ReportValue,
    SubmissionStatus,
    Target,
    TargetRegistration,
)

NARRATIVE_FIELDS = ("narrative_professional", "narrative_emulation", "narrative_force_building")
TARGET_FIELDS = (
    "indicator",
    "unit_of_measure",
    "direction",
    "measure",
    "target_value",
    "criterion",
    "note",
    "order",
)


def _target_summary(target: Target) -> str:
    """The newer target as a StaleWrite shows it: "Số vụ án: 25 vụ (ghi chú: Bổ sung)"."""
    text = f"{target.indicator}: {number(target.target_value)} {target.unit_of_measure}"
    return f"{text} ({_('ghi chú')}: {target.note})" if target.note else text


def _report_summary(report: PeriodReport) -> str:
    """The newer report's values as a StaleWrite shows them: "Số vụ án: 110,50; Tỷ lệ: 81"."""
    values = report.values.select_related("target").order_by("target__order", "target_id")
    return "; ".join(f"{v.target.indicator}: {number(v.actual_value)}" for v in values) or "—"


def _require_member(term: ClusterTerm, unit: Unit) -> None:
    if not ClusterMembership.objects.filter(term=term, unit=unit).exists():
        raise NotAMember(unit=unit, term=term)


def _require_editable(submission: TargetRegistration | PeriodReport) -> None:
    if not submission.is_editable:
        raise NotEditable(status=submission.get_status_display())


def _move(submission: TargetRegistration | PeriodReport, status: str) -> None:
    submission.move_to(status)


def _who(actor: User) -> Any:
    return actor if getattr(actor, "pk", None) else None


# -- target registration -------------------------------------------------------------------------


@transaction.atomic
def registration_open(*, actor: User, term: ClusterTerm, unit: Unit) -> TargetRegistration:
    """The unit's registration for the term (created as a draft on first use)."""
    access.require(actor, Action.EDIT, unit)
    _require_member(term, unit)
    registration, _created = TargetRegistration.objects.get_or_create(term=term, unit=unit)
    return registration


def _lock_registration(registration: TargetRegistration) -> TargetRegistration:
    return (
        TargetRegistration.objects.select_for_update(of=("self",))
        .select_related("term__cluster__owner", "term__leader", "unit")
        .get(pk=registration.pk)
    )


def _clean_target(registration: TargetRegistration, fields: dict[str, Any]) -> dict[str, Any]:
    if "indicator" in fields:
        fields["indicator"] = (fields["indicator"] or "").strip()
        if not fields["indicator"]:
            raise ValidationFailed(_("Tên chỉ tiêu không được để trống."), field="indicator")
    if "unit_of_measure" in fields:
        fields["unit_of_measure"] = (fields["unit_of_measure"] or "").strip()
        if not fields["unit_of_measure"]:
            raise ValidationFailed(_("Đơn vị tính không được để trống."), field="unit_of_measure")
    if "direction" in fields and fields["direction"] not in Direction.values:
        raise ValidationFailed(_("Chiều đánh giá không hợp lệ."), field="direction")
    if "measure" in fields and fields["measure"] not in Measure.values:
        raise ValidationFailed(_("Cách tính không hợp lệ."), field="measure")
    if "target_value" in fields:
        value = Decimal(fields["target_value"])
        if value < 0:
            raise ValidationFailed(_("Chỉ tiêu không được âm."), field="target_value")
        fields["target_value"] = value
    criterion = fields.get("criterion")
    if (
        criterion is not None
        and not Criterion.objects.filter(pk=criterion.pk, group__covenant__term=registration.term).exists()
    ):
        raise CriterionNotInCovenant(field="criterion_id", year=registration.term.year)
    return fields


@transaction.atomic
def target_add(
    *,
    actor: User,
    registration: TargetRegistration,
    indicator: str,
    unit_of_measure: str,
    target_value: Decimal,
    direction: str = Direction.HIGHER,
    measure: str = Measure.CUMULATIVE,
    criterion: Criterion | None = None,
    note: str = "",
    order: int | None = None,
) -> Target:
    access.require(actor, Action.EDIT, registration.unit)
    registration = _lock_registration(registration)
    _require_editable(registration)
    fields = _clean_target(
        registration,
        {
            "indicator": indicator,
            "unit_of_measure": unit_of_measure,
            "target_value": target_value,
            "direction": direction,
            "measure": measure,
            "criterion": criterion,
        },
    )
    if order is None:
        order = registration.targets.count() + 1
    return Target.objects.create(registration=registration, order=order, note=note.strip(), **fields)


@transaction.atomic
def target_update(*, actor: User, target: Target, version: int | None = None, **changes: Any) -> Target:
    """Correct a target; `version` is the one the form was read at (a stale one raises StaleWrite)."""
    registration = _lock_registration(target.registration)
    access.require(actor, Action.EDIT, registration.unit)
    _require_editable(registration)
    unknown = set(changes) - set(TARGET_FIELDS)
    if unknown:
        raise ValidationFailed(_("Trường không được phép sửa: {fields}"), fields=", ".join(sorted(unknown)))
    cleaned = _clean_target(registration, changes)
    version_claim(target, version, shown=_target_summary)
    for field, value in cleaned.items():
        setattr(target, field, value)
    target.save()
    return target


@transaction.atomic
def target_delete(*, actor: User, target: Target) -> None:
    registration = _lock_registration(target.registration)
    access.require(actor, Action.EDIT, registration.unit)
    _require_editable(registration)
    target.delete()


@transaction.atomic
def registration_submit(*, actor: User, registration: TargetRegistration) -> TargetRegistration:
    registration = _lock_registration(registration)
    access.require(actor, Action.EDIT, registration.unit)
    if not registration.targets.exists():
        raise NoTargets()
    _move(registration, SubmissionStatus.SUBMITTED)
    registration.submitted_at, registration.submitted_by = timezone.now(), _who(actor)
    registration.save()
    return registration


@transaction.atomic
def registration_approve(*, actor: User, registration: TargetRegistration) -> TargetRegistration:
    registration = _lock_registration(registration)
    access.require(actor, Action.APPROVE, registration.unit)
    access.require_not_author(actor, registration.submitted_by_id)  # separation of duties (13.8)
    _move(registration, SubmissionStatus.APPROVED)
    registration.approved_at, registration.approved_by = timezone.now(), _who(actor)
    registration.save()
    notices.registration_approved(registration)
    return registration


@transaction.atomic
def registration_accept(*, actor: User, registration: TargetRegistration) -> TargetRegistration:
    registration = _lock_registration(registration)
    access.require_assess(actor, registration.term, registration.unit)  # never one's own unit (13.8)
    _move(registration, SubmissionStatus.ACCEPTED)
    registration.accepted_at, registration.accepted_by = timezone.now(), _who(actor)
    registration.return_reason = ""
    registration.save()
    notices.registration_accepted(registration)
    return registration


@transaction.atomic
def registration_return(*, actor: User, registration: TargetRegistration, reason: str) -> TargetRegistration:
    registration = _lock_registration(registration)
    policy.require_return(actor, registration)
    if not reason.strip():
        raise ReturnReasonRequired(field="reason")
    _move(registration, SubmissionStatus.RETURNED)
    registration.returned_at, registration.returned_by = timezone.now(), _who(actor)
    registration.return_reason = reason.strip()
    registration.save()
    notices.registration_returned(registration)
    return registration


# -- period reports ------------------------------------------------------------------------------


def period_deadline(*, term: ClusterTerm, period: EmulationPeriod) -> datetime.date:
    """The cluster's own deadline for the period, or the owner's default."""
    own = PeriodDeadline.objects.filter(term=term, period=period).values_list("due_date", flat=True).first()
    return own or period.default_deadline


@transaction.atomic
def period_deadline_set(
    *, actor: User, term: ClusterTerm, period: EmulationPeriod, due_date: datetime.date
) -> PeriodDeadline:
    access.require_term(actor, Action.MANAGE_TERM, term)
    _require_period_in_term(term, period)
    deadline, _created = PeriodDeadline.objects.update_or_create(
        term=term, period=period, defaults={"due_date": due_date}
    )
    return deadline


def _require_period_in_term(term: ClusterTerm, period: EmulationPeriod) -> None:
    if period.year != term.year or period.owner_id != term.cluster.owner_id:
        raise PeriodNotInTerm(field="period", period=period.label)


@transaction.atomic
def report_open(*, actor: User, term: ClusterTerm, unit: Unit, period: EmulationPeriod) -> PeriodReport:
    """The unit's report for the period (a draft on first use); needs an accepted registration."""
    access.require(actor, Action.EDIT, unit)
    _require_member(term, unit)
    _require_period_in_term(term, period)
    if not TargetRegistration.objects.filter(term=term, unit=unit, status=SubmissionStatus.ACCEPTED).exists():
        raise RegistrationNotAccepted(unit=unit)
    report, created = PeriodReport.objects.get_or_create(term=term, unit=unit, period=period)
    if created:
        report.due_date = period_deadline(term=term, period=period)
        report.save(update_fields=["due_date"])
    return report


def _lock_report(report: PeriodReport) -> PeriodReport:
    return (
        PeriodReport.objects.select_for_update(of=("self",))
        .select_related("term__cluster__owner", "term__leader", "unit", "period")
        .get(pk=report.pk)
    )


def report_targets(*, report: PeriodReport):
    return Target.objects.filter(registration__term=report.term, registration__unit=report.unit).order_by(
        "order", "pk"
    )


@transaction.atomic
def report_save(
    *,
    actor: User,
    report: PeriodReport,
    values: dict[int, Decimal | None] | None = None,
    notes: dict[int, str] | None = None,
    version: int | None = None,
    **narratives: str,
) -> PeriodReport:
    """Save actual values (target id → value; None clears) and the narratives of a draft report.

    `version` is the report version the form or client read; a stale one raises StaleWrite.
    """
    report = _lock_report(report)
    access.require(actor, Action.EDIT, report.unit)
    _require_editable(report)
    version_claim(report, version, shown=_report_summary)
    unknown = set(narratives) - set(NARRATIVE_FIELDS)
    if unknown:
        raise ValidationFailed(_("Trường không được phép sửa: {fields}"), fields=", ".join(sorted(unknown)))
    target_ids = set(report_targets(report=report).values_list("pk", flat=True))
    values = values or {}
    notes = notes or {}
    for target_id in set(values) | set(notes):
        if target_id not in target_ids:
            raise TargetNotInReport(field="values", target_id=target_id)
    existing = {v.target_id: v for v in report.values.all()}
    for target_id, value in values.items():
        if value is None:
            if target_id in existing:
                existing.pop(target_id).delete()
            continue
        value = Decimal(value)
        if value < 0:
            raise ValidationFailed(
                _("Kết quả không được âm (chỉ tiêu số {target_id})."), field="values", target_id=target_id
            )
        row = existing.get(target_id)
        if row is None:
            existing[target_id] = ReportValue.objects.create(
                report=report, target_id=target_id, actual_value=value, note=notes.get(target_id, "").strip()
            )
        elif row.actual_value != value or (target_id in notes and row.note != notes[target_id].strip()):
            row.actual_value = value
            if target_id in notes:
                row.note = notes[target_id].strip()
            row.save()
    for target_id, note in notes.items():
        if target_id not in values and target_id in existing and existing[target_id].note != note.strip():
            existing[target_id].note = note.strip()
            existing[target_id].save()
    changed = False
    for field, text in narratives.items():
        if getattr(report, field) != (text or "").strip():
            setattr(report, field, (text or "").strip())
            changed = True
    if changed:
        report.save()
    return report


@transaction.atomic
def report_submit(*, actor: User, report: PeriodReport, now: datetime.datetime | None = None) -> PeriodReport:
    """Submit: every target needs a value; a submission after the deadline is flagged late."""
    report = _lock_report(report)
    access.require(actor, Action.EDIT, report.unit)
    missing = list(
        report_targets(report=report)
        .exclude(report_values__report=report)
        .values_list("indicator", flat=True)
    )
    if missing:
        raise MissingValues(count=len(missing), names="; ".join(missing[:5]))
    _move(report, SubmissionStatus.SUBMITTED)
    now = now or timezone.now()
    report.due_date = period_deadline(term=report.term, period=report.period)
    report.is_late = timezone.localdate(now) > report.due_date
    report.submitted_at, report.submitted_by = now, _who(actor)
    report.save()
    return report


@transaction.atomic
def report_approve(*, actor: User, report: PeriodReport) -> PeriodReport:
    report = _lock_report(report)
    access.require(actor, Action.APPROVE, report.unit)
    access.require_not_author(actor, report.submitted_by_id)  # separation of duties (13.8)
    _move(report, SubmissionStatus.APPROVED)
    report.approved_at, report.approved_by = timezone.now(), _who(actor)
    report.save()
    notices.report_approved(report)
    return report


@transaction.atomic
def report_accept(*, actor: User, report: PeriodReport) -> PeriodReport:
    report = _lock_report(report)
    access.require_assess(actor, report.term, report.unit)  # never one's own unit (13.8)
    _move(report, SubmissionStatus.ACCEPTED)
    report.accepted_at, report.accepted_by = timezone.now(), _who(actor)
    report.return_reason = ""
    report.save()
    notices.report_accepted(report)
    return report


@transaction.atomic
def report_return(*, actor: User, report: PeriodReport, reason: str) -> PeriodReport:
    report = _lock_report(report)
    policy.require_return(actor, report)
    if not reason.strip():
        raise ReturnReasonRequired(field="reason")
    _move(report, SubmissionStatus.RETURNED)
    report.returned_at, report.returned_by = timezone.now(), _who(actor)
    report.return_reason = reason.strip()
    report.save()
    notices.report_returned(report)
    return report
