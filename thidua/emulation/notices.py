"""What the emulation context tells people (issue 15.7): reports due in N days and overdue (scanned
periodically), returned / approved / accepted submissions (on the commit of the service that did it)."""

import datetime
from collections.abc import Iterator

from django.urls import reverse

from thidua.notifications import registry
from thidua.notifications.models import Kind
from thidua.notifications.services import Notice, due_days, notify_on_commit, overdue_window
from thidua.organisation.models import ClusterMembership, Role

from .models import EmulationPeriod, PeriodDeadline, PeriodReport, SubmissionStatus, TargetRegistration

UNSENT = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)


def _report_url(report: PeriodReport) -> str:
    return reverse("emulation:report", args=[report.term_id, report.unit_id, report.period_id])


def _registration_url(registration: TargetRegistration) -> str:
    return reverse("emulation:registration", args=[registration.term_id, registration.unit_id])


def _stamp(moment: datetime.datetime | None) -> str:
    return f"{moment.timestamp():.0f}" if moment else "0"


# -- events (one line in each service) ------------------------------------------------------------------


def report_returned(report: PeriodReport) -> None:
    notify_on_commit(
        notice=Notice(
            kind=Kind.RETURNED,
            key=f"report-returned:{report.pk}:{_stamp(report.returned_at)}",
            title=f"Báo cáo {report.period.label} của {report.unit.display_name} bị trả lại",
            body=f"Lý do: {report.return_reason}",
            url=_report_url(report),
            unit_ids=[report.unit_id],
        )
    )


def report_approved(report: PeriodReport) -> None:
    notify_on_commit(
        notice=Notice(
            kind=Kind.APPROVED,
            key=f"report-approved:{report.pk}:{_stamp(report.approved_at)}",
            title=f"Báo cáo {report.period.label} của {report.unit.display_name} đã được lãnh đạo duyệt",
            url=_report_url(report),
            unit_ids=[report.unit_id],
            roles=[Role.OFFICER],
        )
    )


def report_accepted(report: PeriodReport) -> None:
    notify_on_commit(
        notice=Notice(
            kind=Kind.ACCEPTED,
            key=f"report-accepted:{report.pk}:{_stamp(report.accepted_at)}",
            title=f"Cụm trưởng đã tiếp nhận báo cáo {report.period.label} của {report.unit.display_name}",
            url=_report_url(report),
            unit_ids=[report.unit_id],
        )
    )


def registration_returned(registration: TargetRegistration) -> None:
    notify_on_commit(
        notice=Notice(
            kind=Kind.RETURNED,
            key=f"registration-returned:{registration.pk}:{_stamp(registration.returned_at)}",
            title=f"Đăng ký chỉ tiêu năm {registration.term.year} của {registration.unit.display_name} bị trả lại",
            body=f"Lý do: {registration.return_reason}",
            url=_registration_url(registration),
            unit_ids=[registration.unit_id],
        )
    )


def registration_approved(registration: TargetRegistration) -> None:
    notify_on_commit(
        notice=Notice(
            kind=Kind.APPROVED,
            key=f"registration-approved:{registration.pk}:{_stamp(registration.approved_at)}",
            title=f"Đăng ký chỉ tiêu năm {registration.term.year} của {registration.unit.display_name} đã được duyệt",
            url=_registration_url(registration),
            unit_ids=[registration.unit_id],
            roles=[Role.OFFICER],
        )
    )


def registration_accepted(registration: TargetRegistration) -> None:
    notify_on_commit(
        notice=Notice(
            kind=Kind.ACCEPTED,
            key=f"registration-accepted:{registration.pk}:{_stamp(registration.accepted_at)}",
            title=f"Cụm trưởng đã tiếp nhận đăng ký chỉ tiêu năm {registration.term.year} "
            f"của {registration.unit.display_name}",
            url=_registration_url(registration),
            unit_ids=[registration.unit_id],
        )
    )


# -- the periodic scan ---------------------------------------------------------------------------------


def scan(today: datetime.date) -> Iterator[Notice]:
    """Reports not yet sent whose deadline is within N days (one notice per threshold: 7 days, 1 day) or
    has passed (once, for deadlines within the overdue window). Registrations carry no deadline in the
    data, so they are not reminded here (they are on the to-do list)."""
    days = due_days()
    horizon = today + datetime.timedelta(days=max(days, default=0))
    oldest = today - overdue_window()
    periods = list(
        EmulationPeriod.objects.filter(
            end_date__lte=horizon, year__gte=oldest.year - 1, year__lte=horizon.year
        )
    )
    if not periods:
        return
    by_owner_year: dict[tuple[int, int], list[EmulationPeriod]] = {}
    for period in periods:
        by_owner_year.setdefault((period.owner_id, period.year), []).append(period)
    memberships = list(
        ClusterMembership.objects.filter(
            year__in={year for _owner, year in by_owner_year},
            term__cluster__owner_id__in={o for o, _y in by_owner_year},
        ).select_related("unit", "term__cluster")
    )
    term_ids = {m.term_id for m in memberships}
    deadlines = {
        (d.term_id, d.period_id): d.due_date for d in PeriodDeadline.objects.filter(term_id__in=term_ids)
    }
    sent = set(
        PeriodReport.objects.filter(term_id__in=term_ids)
        .exclude(status__in=UNSENT)
        .values_list("term_id", "unit_id", "period_id")
    )
    for membership in memberships:
        for period in by_owner_year.get((membership.term.cluster.owner_id, membership.term.year), []):
            if (membership.term_id, membership.unit_id, period.pk) in sent:
                continue
            due = deadlines.get((membership.term_id, period.pk), period.default_deadline)
            where = (
                f"báo cáo {period.label} của {membership.unit.display_name} ({membership.term.cluster.name})"
            )
            url = reverse("emulation:report", args=[membership.term_id, membership.unit_id, period.pk])
            key = f"{membership.term_id}:{membership.unit_id}:{period.pk}"
            if due < today:
                if due >= oldest:
                    yield Notice(
                        kind=Kind.OVERDUE,
                        key=f"report-overdue:{key}:{due:%Y%m%d}",
                        title=f"Quá hạn {where}",
                        body=f"Hạn nộp {due:%d/%m/%Y} đã qua; báo cáo chưa được gửi.",
                        url=url,
                        unit_ids=[membership.unit_id],
                    )
                continue
            left = (due - today).days
            threshold = min((d for d in days if left <= d), default=None)
            if threshold is not None:
                yield Notice(
                    kind=Kind.DUE,
                    key=f"report-due:{key}:{due:%Y%m%d}:{threshold}",
                    title=f"Còn {left} ngày: hạn {where}",
                    body=f"Hạn nộp {due:%d/%m/%Y}.",
                    url=url,
                    unit_ids=[membership.unit_id],
                    roles=[Role.OFFICER],
                )


registry.register("emulation.reports", scan)
