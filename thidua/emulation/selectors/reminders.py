"""Dashboard reminders and late reports."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterMembership

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
