"""Dashboard reminders and late reports."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from thidua.accounts.models import User
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterMembership, ClusterTerm, Unit

from ..models import (
    EmulationPeriod,
    PeriodDeadline,
    PeriodReport,
    SubmissionStatus,
    TargetRegistration,
)

# -- reminders (dashboard) -----------------------------------------------------------------------


@dataclass
class Reminder:
    kind: str  # returned / overdue / approve / accept / due
    text: str
    url_args: tuple
    due_date: datetime.date | None = None


# what comes first on the list: work sent back, then late work, then what waits for the user's decision
ORDER = {"returned": 0, "overdue": 1, "approve": 2, "accept": 3, "due": 4}
DUE_AHEAD = datetime.timedelta(days=31)  # a period ending within a month is shown as due


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def reminders(*, actor: User, today: datetime.date | None = None, limit: int | None = 12) -> list[Reminder]:
    """What the user should act on, kept until it is done (15.6): reports overdue (however long ago) or
    due within a month, reports and registrations returned with the reason (officer), awaiting approval
    (leader) or acceptance (leader's staff). `limit=None`: all of them."""
    today = today or timezone.localdate()
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
    items: list[Reminder] = []
    if memberships:
        items += _report_reminders(memberships, edit_units, today)
        items += _returned_registrations(terms, edit_units)
    items += _awaiting_approval(approve_units, limit)
    if manageable:
        items += _awaiting_acceptance(manageable, limit)
    items.sort(key=lambda r: (ORDER.get(r.kind, 9), r.due_date or today))
    return items if limit is None else items[:limit]


def _report_reminders(
    memberships: list[ClusterMembership], edit_units: QuerySet[Unit], today: datetime.date
) -> list[Reminder]:
    """The members' reports overdue, due within a month, or returned with the reason."""
    items: list[Reminder] = []
    owners_years = {(m.term.cluster.owner_id, m.term.year) for m in memberships}
    periods = [
        p
        for p in EmulationPeriod.objects.filter(
            owner_id__in={o for o, _y in owners_years}, year__in={y for _o, y in owners_years}
        )
        if p.end_date <= today + DUE_AHEAD
    ]
    deadlines = {
        (d.term_id, d.period_id): d.due_date
        for d in PeriodDeadline.objects.filter(term_id__in={m.term_id for m in memberships})
    }
    reports = {
        (r.term_id, r.unit_id, r.period_id): r
        for r in PeriodReport.objects.filter(
            term_id__in={m.term_id for m in memberships}, unit__in=edit_units
        ).only("term_id", "unit_id", "period_id", "status", "return_reason")
    }
    for membership in memberships:
        for period in periods:
            if period.owner_id != membership.term.cluster.owner_id or period.year != membership.term.year:
                continue
            report = reports.get((membership.term_id, membership.unit_id, period.pk))
            due = deadlines.get((membership.term_id, period.pk), period.default_deadline)
            where = f"{membership.unit.display_name}: báo cáo {period.label} ({membership.term.cluster.name})"
            url_args = ("report", membership.term_id, membership.unit_id, period.pk)
            if report is not None and report.status == SubmissionStatus.RETURNED:
                reason = f": {_short(report.return_reason)}" if report.return_reason else ""
                items.append(Reminder("returned", f"{where} bị trả lại{reason}", url_args, due))
                continue
            if report is not None and report.status != SubmissionStatus.DRAFT:
                continue
            kind = "overdue" if due < today else "due"
            text = f"{where} " + ("đã quá hạn" if kind == "overdue" else "hạn") + f" {due:%d/%m/%Y}"
            items.append(Reminder(kind=kind, text=text, url_args=url_args, due_date=due))
    return items


def _returned_registrations(terms: list[ClusterTerm], edit_units: QuerySet[Unit]) -> list[Reminder]:
    """Target registrations returned to the units the user edits, with the reason."""
    items: list[Reminder] = []
    for registration in TargetRegistration.objects.filter(
        term__in=terms, unit__in=edit_units, status=SubmissionStatus.RETURNED
    ).select_related("unit", "term__cluster"):
        reason = f": {_short(registration.return_reason)}" if registration.return_reason else ""
        items.append(
            Reminder(
                "returned",
                f"{registration.unit.display_name}: đăng ký chỉ tiêu năm {registration.term.year} "
                f"({registration.term.cluster.name}) bị trả lại{reason}",
                ("registration", registration.term_id, registration.unit_id),
            )
        )
    return items


def _awaiting_approval(approve_units: QuerySet[Unit], limit: int | None) -> list[Reminder]:
    """Reports and registrations submitted by the units the user approves for (the leader)."""
    items: list[Reminder] = []
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
    return items


def _awaiting_acceptance(manageable: list[ClusterTerm], limit: int | None) -> list[Reminder]:
    """Reports and registrations approved by their leader, waiting for the cluster leader's staff."""
    items: list[Reminder] = []
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
    return items


def late_reports(*, actor: User, year: int | None = None) -> QuerySet[PeriodReport]:
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
