"""Writes for conferences: planning, delegates, agenda, side events, status flow, hand-over."""

import datetime
import os
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.dates import KnownDate
from thidua.core.errors import ValidationFailed
from thidua.core.files import save_with_file
from thidua.core.versioning import version_claim
from thidua.emulation.models import EmulationPeriod
from thidua.emulation.services.evidence import ALLOWED_EVIDENCE, check_upload
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterTerm, SelectionMode, Unit
from thidua.organisation.services import term_hand_over

from .errors import (
    AttendeeHasVoterCode,
    ConferenceLocked,
    HandoverExists,
    HostNotMember,
    NotYearEnd,
    PeriodMismatch,
    UnitNotMember,
)
from .models import (
    AgendaItem,
    Attendee,
    AttendeeRole,
    ChairRole,
    Conference,
    ConferenceChair,
    ConferenceDocument,
    ConferenceKind,
    ConferenceStatus,
    FeaturedModel,
    Guest,
    HandoverLink,
    SideEvent,
    SideEventKind,
    SideEventResult,
)

CONFERENCE_FIELDS = frozenset(
    {
        "kind",
        "title",
        "period",
        "period_year",
        "period_label",
        "host",
        "date",
        "start_time",
        "venue",
        "conclusions",
    }
)


def _member_ids(term: ClusterTerm) -> set[int]:
    return set(term.memberships.values_list("unit_id", flat=True))


def _require_editable(conference: Conference) -> None:
    if not conference.is_editable:
        raise ConferenceLocked(conference=conference)


def _check_period(term: ClusterTerm, period: EmulationPeriod | None) -> None:
    if period is not None and period.owner_id != term.cluster.owner_id:
        raise PeriodMismatch(field="period", period=period.label)


def _require_member(term: ClusterTerm, unit: Unit) -> None:
    if unit.pk not in _member_ids(term):
        raise UnitNotMember(field="unit", unit=unit, year=term.year)


@transaction.atomic
def conference_create(
    *,
    actor: Any,
    term: ClusterTerm,
    kind: str,
    title: str,
    date: datetime.date | KnownDate,
    period_year: int | None = None,
    period_label: str = "",
    host: Unit | None = None,
    venue: str = "",
    start_time: datetime.time | None = None,
    period: EmulationPeriod | None = None,
) -> Conference:
    """Plan a conference; the co-chairs default to the term's leader and deputy units.

    `date` may be known only to the month or the year (a KnownDate, 16.3): it is stored as known."""
    access.require_term(actor, Action.MANAGE_TERM, term)
    _check_period(term, period)
    if kind not in ConferenceKind.values:
        raise ValidationFailed(_("Loại hội nghị không hợp lệ."), field="kind")
    if host is not None and host.pk not in _member_ids(term):
        raise HostNotMember(field="host", unit=host, year=term.year)
    known = KnownDate.of(date)
    conference = Conference.objects.create(
        term=term,
        kind=kind,
        title=title.strip(),
        date=known.start,
        date_precision=known.precision,
        period=period,
        period_year=period_year or (period.year if period else term.year),
        period_label=period_label.strip() or (period.label if period else ""),
        host=host,
        venue=venue.strip(),
        start_time=start_time,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    if term.leader_id:
        ConferenceChair.objects.create(
            conference=conference, role=ChairRole.LEADER, unit_id=term.leader_id, order=1
        )
    if term.deputy_id:
        ConferenceChair.objects.create(
            conference=conference, role=ChairRole.DEPUTY, unit_id=term.deputy_id, order=2
        )
    return conference


def _conference_summary(conference: Conference) -> str:
    """The newer conference as a StaleWrite shows it."""
    known = conference.known_date
    return f"{conference.title}, {known.short() if known else '—'}, {conference.venue or '—'}"


def _attendee_summary(attendee: Attendee) -> str:
    present = _("có mặt") if attendee.present else _("vắng")
    voter = _("bỏ phiếu") if attendee.is_voter else _("không bỏ phiếu")
    return f"{attendee.name}: {present}, {voter}"


@transaction.atomic
def conference_update(
    *, actor: Any, conference: Conference, version: int | None = None, **changes: Any
) -> Conference:
    """Edit the conference's details; `version` as the form read it (a stale one raises StaleWrite)."""
    access.require_object(actor, "manage", conference)
    _require_editable(conference)
    unknown = set(changes) - CONFERENCE_FIELDS
    if unknown:
        raise ValidationFailed(_("Trường không được phép sửa: {fields}"), fields=", ".join(sorted(unknown)))
    host = changes.get("host")
    if host is not None and host.pk not in _member_ids(conference.term):
        raise HostNotMember(field="host", unit=host, year=conference.term.year)
    if "period" in changes:
        _check_period(conference.term, changes["period"])
    if "kind" in changes and changes["kind"] not in ConferenceKind.values:
        raise ValidationFailed(_("Loại hội nghị không hợp lệ."), field="kind")
    version_claim(conference, version, shown=_conference_summary)
    if "date" in changes:
        conference.known_date = KnownDate.of(changes.pop("date"))
    for field, value in changes.items():
        setattr(conference, field, value.strip() if isinstance(value, str) else value)
    conference.save()
    return conference


@transaction.atomic
def conference_transition(*, actor: Any, conference: Conference, target: str) -> Conference:
    """planned → held → minutes_approved; any other move raises InvalidTransition."""
    access.require_object(actor, "manage", conference)
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    conference.move_to(target)
    if target == ConferenceStatus.MINUTES_APPROVED:
        conference.minutes_approved_on = timezone.localdate()
    conference.save()
    return conference


@transaction.atomic
def chair_set(
    *,
    actor: Any,
    conference: Conference,
    role: str,
    unit: Unit,
    name: str = "",
    rank: str = "",
    position: str = "",
) -> ConferenceChair:
    """Record the person co-chairing for a unit (one row per role and unit)."""
    access.require_object(actor, "manage", conference)
    _require_editable(conference)
    if role not in ChairRole.values:
        raise ValidationFailed(_("Vai trò chủ trì không hợp lệ."), field="role")
    chair, created = ConferenceChair.objects.update_or_create(
        conference=conference,
        role=role,
        unit=unit,
        defaults={
            "name": name.strip(),
            "rank": rank.strip(),
            "position": position.strip(),
            "order": {ChairRole.LEADER: 1, ChairRole.DEPUTY: 2}.get(ChairRole(role), 3),
        },
    )
    chair.was_created = created  # the API answers 201 for a new row, 200 for an update (16.12)
    return chair


@transaction.atomic
def guest_add(
    *,
    actor: Any,
    conference: Conference,
    position: str,
    name: str = "",
    rank: str = "",
    unit: Unit | None = None,
    organisation: str = "",
) -> Guest:
    access.require_object(actor, "manage", conference)
    _require_editable(conference)
    if not position.strip():
        raise ValidationFailed(_("Cần ghi chức vụ của khách mời."), field="position")
    order = conference.guests.count() + 1
    return Guest.objects.create(
        conference=conference,
        name=name.strip(),
        rank=rank.strip(),
        position=position.strip(),
        unit=unit,
        organisation=organisation.strip(),
        order=order,
    )


@transaction.atomic
def guest_remove(*, actor: Any, guest: Guest) -> None:
    access.require_object(actor, "manage", guest.conference)
    _require_editable(guest.conference)
    guest.delete()


@transaction.atomic
def attendee_add(
    *,
    actor: Any,
    conference: Conference,
    unit: Unit,
    name: str,
    rank: str = "",
    position: str = "",
    role: str = AttendeeRole.DELEGATE,
    is_voter: bool = False,
    present: bool = True,
) -> Attendee:
    """Add a delegate of a member unit (only member units send delegates who may vote, R27)."""
    access.require_object(actor, "manage", conference)
    _require_editable(conference)
    _require_member(conference.term, unit)
    if role not in AttendeeRole.values:
        raise ValidationFailed(_("Vai trò đại biểu không hợp lệ."), field="role")
    if not name.strip():
        raise ValidationFailed(_("Cần ghi họ tên đại biểu."), field="name")
    return Attendee.objects.create(
        conference=conference,
        unit=unit,
        name=name.strip(),
        rank=rank.strip(),
        position=position.strip(),
        role=role,
        is_voter=is_voter,
        present=present,
    )


@transaction.atomic
def attendee_update(
    *,
    actor: Any,
    attendee: Attendee,
    present: bool | None = None,
    is_voter: bool | None = None,
    version: int | None = None,
) -> Attendee:
    access.require_object(actor, "manage", attendee.conference)
    _require_editable(attendee.conference)
    version_claim(attendee, version, shown=_attendee_summary)
    if present is not None:
        attendee.present = present
    if is_voter is not None:
        attendee.is_voter = is_voter
    attendee.save(update_fields=["present", "is_voter"])
    return attendee


@transaction.atomic
def attendee_remove(*, actor: Any, attendee: Attendee) -> None:
    access.require_object(actor, "manage", attendee.conference)
    _require_editable(attendee.conference)
    try:
        attendee.delete()
    except ProtectedError as error:  # a ballot's voter code names the attendee: the roll must stay whole
        raise AttendeeHasVoterCode(attendee=attendee.name) from error


@transaction.atomic
def agenda_item_add(
    *,
    actor: Any,
    conference: Conference,
    title: str,
    kind: str = "report",
    presenter_name: str = "",
    presenter_position: str = "",
    presenter_unit: Unit | None = None,
    summary: str = "",
    order: int | None = None,
) -> AgendaItem:
    access.require_object(actor, "manage", conference)
    _require_editable(conference)
    if not title.strip():
        raise ValidationFailed(_("Cần ghi nội dung."), field="title")
    if order is None:
        order = conference.agenda_items.count() + 1
    return AgendaItem.objects.create(
        conference=conference,
        title=title.strip(),
        kind=kind,
        presenter_name=presenter_name.strip(),
        presenter_position=presenter_position.strip(),
        presenter_unit=presenter_unit,
        summary=summary.strip(),
        order=order,
    )


@transaction.atomic
def agenda_item_remove(*, actor: Any, item: AgendaItem) -> None:
    access.require_object(actor, "manage", item.conference)
    _require_editable(item.conference)
    item.delete()


@transaction.atomic
def document_attach(
    *, actor: Any, conference: Conference, title: str, file: UploadedFile
) -> ConferenceDocument:
    access.require_object(actor, "manage", conference)
    _require_editable(conference)
    # size, extension and content, as for report evidence
    extension, content_type = check_upload(uploaded=file, allowed=ALLOWED_EVIDENCE)
    original_name = os.path.basename(file.name or "")[:255]
    document = ConferenceDocument(
        conference=conference,
        title=title.strip() or original_name,
        original_name=original_name,
        content_type=content_type,
        size=file.size or 0,
        extension=extension,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    save_with_file(document, "file", original_name, file)  # upload_to gives a random name
    return document


@transaction.atomic
def featured_model_add(
    *, actor: Any, conference: Conference, unit: Unit, name: str, description: str = ""
) -> FeaturedModel:
    access.require_object(actor, "manage", conference)
    _require_editable(conference)
    _require_member(conference.term, unit)
    return FeaturedModel.objects.create(
        conference=conference, unit=unit, name=name.strip(), description=description.strip()
    )


@transaction.atomic
def side_event_add(
    *,
    actor: Any,
    conference: Conference,
    kind: str,
    title: str,
    date: datetime.date | KnownDate,
    venue: str = "",
    host: Unit | None = None,
    delegations: int | None = None,
    description: str = "",
) -> SideEvent:
    access.require_object(actor, "manage", conference)
    _require_editable(conference)
    if kind not in SideEventKind.values:
        raise ValidationFailed(_("Loại hoạt động không hợp lệ."), field="kind")
    known = KnownDate.of(date)
    return SideEvent.objects.create(
        term=conference.term,
        conference=conference,
        kind=kind,
        title=title.strip(),
        date=known.start,
        date_precision=known.precision,
        venue=venue.strip(),
        host=host,
        delegations=delegations,
        description=description.strip(),
    )


@transaction.atomic
def cluster_event_create(
    *,
    actor: Any,
    term: ClusterTerm,
    kind: str,
    title: str,
    date: datetime.date | KnownDate,
    venue: str = "",
    host: Unit | None = None,
    delegations: int | None = None,
    description: str = "",
) -> SideEvent:
    """A cluster event that stands on its own (16.6): a báo công at a memorial site, a dâng hương / tri ân,
    a sports exchange or a charity visit the cluster holds without a conference. Date as known."""
    access.require_term(actor, Action.MANAGE_TERM, term)
    if kind not in SideEventKind.values:
        raise ValidationFailed(_("Loại hoạt động không hợp lệ."), field="kind")
    if not title.strip():
        raise ValidationFailed(_("Cần ghi tên hoạt động."), field="title")
    if host is not None and host.pk not in _member_ids(term):
        raise HostNotMember(field="host", unit=host, year=term.year)
    known = KnownDate.of(date)
    return SideEvent.objects.create(
        term=term,
        conference=None,
        kind=kind,
        title=title.strip(),
        date=known.start,
        date_precision=known.precision,
        venue=venue.strip(),
        host=host,
        delegations=delegations,
        description=description.strip(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )


def _require_event_editable(event: SideEvent) -> None:
    if event.conference is not None:
        _require_editable(event.conference)


@transaction.atomic
def side_event_result_add(
    *,
    actor: Any,
    side_event: SideEvent,
    discipline: str,
    unit: Unit,
    placing: int | None = None,
    prize: str = "",
    score: str = "",
) -> SideEventResult:
    access.require_object(actor, "manage", side_event)
    _require_event_editable(side_event)
    _require_member(side_event.term, unit)
    return SideEventResult.objects.create(
        side_event=side_event,
        discipline=discipline.strip(),
        unit=unit,
        placing=placing,
        prize=prize.strip(),
        score=score.strip(),
    )


@transaction.atomic
def conference_hand_over(
    *,
    actor: Any,
    conference: Conference,
    new_leader: Unit,
    new_deputy: Unit | None,
    mode: str = SelectionMode.ELECTED,
    note: str = "",
) -> HandoverLink:
    """Record the hand-over of Cụm trưởng / Cụm phó approved at a year-end conference.

    The organisation service checks the rights (board of the cluster's owner) and next year's membership.
    """
    access.require_object(actor, "manage", conference)
    if conference.kind != ConferenceKind.YEAR_END:
        raise NotYearEnd()
    if HandoverLink.objects.filter(conference=conference).exists():
        raise HandoverExists()
    handover = term_hand_over(
        actor=actor,
        term=conference.term,
        new_leader=new_leader,
        new_deputy=new_deputy,
        handed_over_on=conference.known_date,
        mode=mode,
        conference_title=conference.title,
        conference_ref=conference.pk,
        note=note,
    )
    return HandoverLink.objects.create(conference=conference, handover=handover)
