"""Writes on decisions: registration (with the authority's competence), publication, attachments,
revocation of award records."""

import datetime
import os
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.core.errors import AccessDenied, InvalidTransition, NotFound, ValidationFailed
from thidua.core.files import delete_with_file, save_with_file
from thidua.emulation.services.evidence import ALLOWED_EVIDENCE, check_upload
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import Unit

from .. import notices, policy
from ..authority import is_competent
from ..errors import (
    AuthorityNotCompetent,
    CandidateMismatch,
    DecisionNumberTaken,
    NotDecidedHere,
    RecordAlreadyRevoked,
)
from ..models import (
    Annulment,
    AwardRecord,
    AwardType,
    BatchAction,
    CandidateStatus,
    Decision,
    DecisionAttachment,
    Person,
    ProposalBatch,
    ProposalCandidate,
    ProposalStatus,
    RecipientKind,
    RecordSource,
    Track,
    achievement_key,
    recipient_key,
)

# -- permissions on a batch ------------------------------------------------------------------------
from .batches import _check_window, _log
from .limits import check_decision

# -- decisions -------------------------------------------------------------------------------------


def _log_decided(
    batch: ProposalBatch, accepted: list[ProposalCandidate], *, actor: User, source: str, decision: Decision
) -> None:
    """The decision in the status log; forwarded candidates it awards are awarded at their origin too,
    and a lower batch whose every forwarded candidate is now decided is closed (17.2)."""
    reason = f"{decision.number} ({decision.signed_on:%d/%m/%Y}) — {decision.authority}"
    _log(batch, actor=actor, action=BatchAction.DECIDE, source=source, unit=batch.reviewer, reason=reason)
    origins = [c.origin_id for c in accepted if c.origin_id]
    if not origins:
        return
    ProposalCandidate.objects.filter(pk__in=origins).update(status=CandidateStatus.AWARDED)
    lower = ProposalBatch.objects.filter(
        status=ProposalStatus.FORWARDED, candidates__pk__in=origins
    ).distinct()
    for origin_batch in lower.exclude(candidates__status=CandidateStatus.FORWARDED):
        origin_batch.status, origin_batch.decided_on = ProposalStatus.DECIDED, decision.signed_on
        origin_batch.save(update_fields=["status", "decided_on", "updated_at"])
        _log(
            origin_batch,
            actor=actor,
            action=BatchAction.DECIDE,
            source=ProposalStatus.FORWARDED,
            unit=batch.reviewer,
            reason=reason,
            related=batch,
        )


def _record_from(candidate: ProposalCandidate, decision: Decision) -> AwardRecord:
    person = candidate.person
    record = AwardRecord(
        award_type=candidate.award_type,
        year=candidate.batch.year,
        recipient_kind=candidate.award_type.recipient_kind,
        unit=candidate.unit,
        person=person,
        recipient_name=person.full_name if person else candidate.unit.name,
        rank=person.rank if person else "",
        position=person.position if person else "",
        decision=decision,
        decision_number=decision.number,
        decision_date=decision.signed_on,
        authority=decision.authority,
        track=candidate.batch.track,
        achievement=candidate.achievement,
        candidate=candidate,
        source=RecordSource.DECISION,
    )
    return record


@transaction.atomic
def decision_register(
    *,
    actor: User,
    number: str,
    signed_on: datetime.date,
    signer_name: str,
    signer_title: str,
    authority: str,
    summary: str,
    issuer: Unit | None = None,
    batch: ProposalBatch | None = None,
    track: str = Track.REGULAR,
    publish_from: datetime.date | None = None,
    publish_until: datetime.date | None = None,
    awards: Iterable[dict[str, Any]] = (),
) -> Decision:
    """Register a decision. With a submitted batch, its accepted candidates become award records and the
    batch is decided; `awards` adds records given directly (award_type, unit, person?, achievement, year?)."""
    if batch is not None:
        batch = _lock_submitted(actor, batch)
        track = batch.track
        issuer = issuer or batch.reviewer
    if issuer is None:
        raise ValidationFailed(_("Cần cơ quan ban hành quyết định."), field="issuer")
    access.require(actor, Action.MANAGE_CLUSTERS, issuer)
    _check_window(publish_from, publish_until)
    number = number.strip()
    accepted = _accepted(batch) if batch is not None else []
    awards = list(awards)
    _check_competence(authority, [c.award_type for c in accepted] + [item["award_type"] for item in awards])
    if batch is not None:
        _check_decided_here(batch, accepted)
    if Decision.objects.filter(number=number, authority=authority.strip()).exists():
        raise DecisionNumberTaken(field="number", number=number, authority=authority)
    decision = Decision.objects.create(
        number=number,
        signed_on=signed_on,
        signer_name=signer_name.strip(),
        signer_title=signer_title.strip(),
        authority=authority.strip(),
        issuer=issuer,
        summary=summary.strip(),
        batch=batch,
        track=track,
        publish_from=publish_from,
        publish_until=publish_until,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    records: list[AwardRecord] = []
    if batch is not None:
        records += _decide_batch(batch, accepted, actor=actor, decision=decision)
    records += [_direct_record(item, actor=actor, issuer=issuer, decision=decision) for item in awards]
    check_decision(awards=[(record.unit, record.award_type, record.year) for record in records])  # R27
    _save_records(records)
    notices.decision_registered(decision)
    return decision


def _lock_submitted(actor: User, batch: ProposalBatch) -> ProposalBatch:
    """The batch locked for its decision: at the actor's desk and submitted."""
    batch = (
        ProposalBatch.objects.select_for_update(of=("self",))
        .select_related("reviewer", "cluster_term__cluster__owner")
        .get(pk=batch.pk)
    )
    policy.require_desk(actor, batch)
    if batch.status != ProposalStatus.SUBMITTED:
        raise InvalidTransition(current=batch.get_status_display(), target=ProposalStatus.DECIDED.label)
    return batch


def _accepted(batch: ProposalBatch) -> list[ProposalCandidate]:
    return list(
        batch.candidates.filter(status=CandidateStatus.ACCEPTED).select_related(
            "award_type", "unit", "person", "batch"
        )
    )


def _check_decided_here(batch: ProposalBatch, accepted: list[ProposalCandidate]) -> None:
    """The level that has the authority decides (17.2); the others forward."""
    for candidate in accepted:
        if not policy.decides_here(batch, candidate.award_type):
            raise NotDecidedHere(
                field="authority", award=candidate.award_type.name, level=batch.get_level_display()
            )


def _decide_batch(
    batch: ProposalBatch, accepted: list[ProposalCandidate], *, actor: User, decision: Decision
) -> list[AwardRecord]:
    """The accepted candidates awarded and the batch decided; returns their records (not yet saved)."""
    records = [_record_from(candidate, decision) for candidate in accepted]
    ProposalCandidate.objects.filter(pk__in=[c.pk for c in accepted]).update(status=CandidateStatus.AWARDED)
    source = batch.status
    batch.status = ProposalStatus.DECIDED
    batch.decided_on = decision.signed_on
    batch.save(update_fields=["status", "decided_on", "updated_at"])
    _log_decided(batch, accepted, actor=actor, source=source, decision=decision)
    return records


def _direct_record(item: dict[str, Any], *, actor: User, issuer: Unit, decision: Decision) -> AwardRecord:
    """A record the decision gives directly (not from a batch): its unit in the issuer's or the actor's
    scope, a person (or a name) exactly when the award is for individuals."""
    signed_on, track = decision.signed_on, decision.track
    award_type: AwardType = item["award_type"]
    unit: Unit = item["unit"]
    person: Person | None = item.get("person")
    if not unit.path.startswith(issuer.path) and not access.can(actor, Action.MANAGE_CLUSTERS, unit):
        raise AccessDenied()
    if (award_type.recipient_kind == RecipientKind.INDIVIDUAL) != (
        person is not None or bool(item.get("recipient_name"))
    ):
        raise CandidateMismatch(
            field="awards", award=award_type.name, kind=award_type.get_recipient_kind_display().lower()
        )
    name = person.full_name if person else item.get("recipient_name") or unit.name
    return AwardRecord(
        award_type=award_type,
        year=item.get("year") or signed_on.year,
        recipient_kind=award_type.recipient_kind,
        unit=unit,
        person=person,
        recipient_name=name,
        rank=item.get("rank") or (person.rank if person else ""),
        position=item.get("position") or (person.position if person else ""),
        decision=decision,
        decision_number=decision.number,
        decision_date=signed_on,
        authority=decision.authority,
        track=track,
        achievement=item.get("achievement", ""),
        source=RecordSource.DECISION,
    )


def _check_competence(authority: str, award_types: Iterable[AwardType]) -> None:
    """Refuse a decision whose authority may not confer one of its awards (DOMAIN.md §10 "Authority")."""
    for award_type in award_types:
        if not is_competent(authority, award_type.authority):
            raise AuthorityNotCompetent(
                field="authority",
                authority=" ".join(authority.split()),
                award=award_type.name,
                competent=award_type.authority,
            )


def _save_records(records: list[AwardRecord]) -> None:
    for record in records:
        record.recipient_key = recipient_key(record.recipient_name)
        record.achievement_key = achievement_key(record.achievement)
    try:
        with transaction.atomic():
            AwardRecord.objects.bulk_create(records)
    except IntegrityError:
        raise ValidationFailed(
            _("Quyết định có khen thưởng trùng (cùng hình thức, năm, đối tượng)."), field="awards"
        ) from None


@transaction.atomic
def decision_publish(
    *,
    actor: User,
    decision: Decision,
    publish_from: datetime.date | None,
    publish_until: datetime.date | None,
) -> Decision:
    access.require_object(actor, "publish", decision)
    _check_window(publish_from, publish_until)
    decision.publish_from, decision.publish_until = publish_from, publish_until
    decision.save(update_fields=["publish_from", "publish_until", "updated_at"])
    return decision


MAX_MONEY = Decimal("999999999999999")


def _annul_text(value: str, field: str, message: Any, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed(message, field=field)
    if len(value) > max_length or "\x00" in value:
        raise ValidationFailed(_("Nội dung không hợp lệ (tối đa {max} ký tự)."), field=field, max=max_length)
    return value


@transaction.atomic
def annulment_register(
    *,
    actor: User,
    reason: str,
    legal_basis: str,
    annulled_on: datetime.date | None = None,
    decision: Decision | None = None,
    records: Iterable[AwardRecord] = (),
    artefacts_recovered: bool = False,
    money_recovered: Decimal | None = None,
    recovery_note: str = "",
    require_basis: bool = True,
) -> Annulment:
    """R13: annul a whole decision (every record still standing) or single records, with the reason, the
    legal basis and the recovery of artefacts and money. Rows are locked in pk order; a record already
    annulled is refused (409) and nothing changes."""
    record_ids = sorted({record.pk for record in records})
    if (decision is None) == (not record_ids):
        raise ValidationFailed(_("Chọn quyết định cần hủy hoặc các khen thưởng cần hủy."), field="records")
    today = timezone.localdate()
    annulled_on = annulled_on or today
    if decision is not None:
        decision, standing = _standing_of_decision(actor, decision, annulled_on)
    else:
        standing = _standing_records(actor, record_ids, annulled_on)
    reason, legal_basis, recovery_note = _annulment_texts(
        reason, legal_basis, recovery_note, require_basis=require_basis
    )
    if money_recovered is not None and not (0 <= money_recovered <= MAX_MONEY):
        raise ValidationFailed(
            _("Số tiền thu hồi phải từ 0 đến 999.999.999.999.999 đồng."), field="money_recovered"
        )
    if annulled_on > today:
        raise ValidationFailed(_("Ngày hủy không thể sau hôm nay."), field="annulled_on")
    annulment = Annulment.objects.create(
        decision=decision or (standing[0].decision if len({r.decision_id for r in standing}) == 1 else None),
        is_whole_decision=decision is not None,
        annulled_on=annulled_on,
        reason=reason,
        legal_basis=legal_basis.strip(),
        artefacts_recovered=artefacts_recovered,
        money_recovered=money_recovered,
        recovery_note=recovery_note,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    AwardRecord.objects.filter(pk__in=[record.pk for record in standing]).update(
        annulment=annulment,
        revoked_on=annulled_on,
        revoked_reason=reason,
        revoked_by=actor if getattr(actor, "pk", None) else None,
    )
    return annulment


def _standing_of_decision(
    actor: User, decision: Decision, annulled_on: datetime.date
) -> tuple[Decision, list[AwardRecord]]:
    """The decision and its records still standing, locked in pk order; refused when none stands."""
    # FOR NO KEY UPDATE: an annulment of single records of this decision only needs a key-share lock on
    # it (the foreign key of its Annulment row), which this does not block.
    decision = (
        Decision.objects.select_for_update(of=("self",), no_key=True)
        .select_related("issuer")
        .get(pk=decision.pk)
    )
    access.require_object(actor, "annul", decision)
    if annulled_on < decision.signed_on:
        raise ValidationFailed(_("Ngày hủy không thể trước ngày ký quyết định."), field="annulled_on")
    locked = list(
        AwardRecord.objects.select_for_update(of=("self",)).filter(decision=decision).order_by("pk")
    )
    standing = [record for record in locked if record.revoked_on is None]
    if not standing:
        raise RecordAlreadyRevoked(day=f"{locked[0].revoked_on:%d/%m/%Y}" if locked else "?")
    return decision, standing


def _standing_records(actor: User, record_ids: list[int], annulled_on: datetime.date) -> list[AwardRecord]:
    """The records, locked in pk order; each in the actor's scope, standing, and decided before `annulled_on`.

    Their decisions are locked first, as an annulment of a whole decision locks them (decision, then its
    records): the same order on both paths, so two annulments at once wait for each other, never deadlock."""
    decision_ids = sorted(
        set(
            AwardRecord.objects.filter(pk__in=record_ids, decision__isnull=False).values_list(
                "decision_id", flat=True
            )
        )
    )
    list(
        Decision.objects.select_for_update(no_key=True).filter(pk__in=decision_ids).order_by("pk").only("pk")
    )
    standing = list(
        AwardRecord.objects.select_for_update(of=("self",))
        .select_related("unit")
        .filter(pk__in=record_ids)
        .order_by("pk")
    )
    if len(standing) != len(record_ids):
        raise NotFound()
    for record in standing:
        access.require(actor, Action.MANAGE_CLUSTERS, record.unit)
        if record.revoked_on:
            raise RecordAlreadyRevoked(day=f"{record.revoked_on:%d/%m/%Y}")
        if record.decision_date and annulled_on < record.decision_date:
            raise ValidationFailed(
                _("Ngày hủy không thể trước ngày quyết định khen thưởng."), field="annulled_on"
            )
    return standing


def _annulment_texts(
    reason: str, legal_basis: str, recovery_note: str, *, require_basis: bool
) -> tuple[str, str, str]:
    """The reason (required), the legal basis (required unless `require_basis` is off) and the recovery note."""
    reason = _annul_text(reason, "reason", _("Cần ghi lý do hủy."), 2000)
    if require_basis or legal_basis.strip():
        legal_basis = _annul_text(
            legal_basis, "legal_basis", _("Cần ghi căn cứ pháp lý (số quyết định hủy, điều khoản)."), 255
        )
    recovery_note = (recovery_note or "").strip()
    if len(recovery_note) > 2000 or "\x00" in recovery_note:
        raise ValidationFailed(_("Ghi chú thu hồi không hợp lệ (tối đa 2000 ký tự)."), field="recovery_note")
    return reason, legal_basis, recovery_note


@transaction.atomic
def award_record_revoke(
    *, actor: User, record: AwardRecord, reason: str, revoked_on: datetime.date | None = None
) -> AwardRecord:
    """R13 for one record (the older entry point): an annulment of that record with its reason."""
    if not (reason or "").strip():
        raise ValidationFailed(_("Cần ghi lý do thu hồi."), field="reason")
    annulment_register(
        actor=actor,
        reason=reason,
        legal_basis="",
        annulled_on=revoked_on,
        records=[record],
        require_basis=False,
    )
    record.refresh_from_db()
    return record


# -- decision files --------------------------------------------------------------------------------

DECISION_FILE_TYPES = {ext: ALLOWED_EVIDENCE[ext] for ext in (".pdf", ".docx", ".jpg", ".jpeg", ".png")}


@transaction.atomic
def decision_attach(
    *, actor: User, decision: Decision, uploaded: Any, title: str = "", is_public: bool = False
) -> DecisionAttachment:
    """Attach the signed decision (scan) or an annex: size, type and content checked; random stored name."""
    access.require_object(actor, "manage_files", decision)
    extension, content_type = check_upload(uploaded=uploaded, allowed=DECISION_FILE_TYPES)
    original_name = os.path.basename(uploaded.name)[:255]
    attachment = DecisionAttachment(
        decision=decision,
        title=(title.strip() or original_name)[:200],
        original_name=original_name,
        content_type=content_type,
        size=uploaded.size,
        is_public=is_public,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    save_with_file(attachment, "file", original_name, uploaded)
    return attachment


@transaction.atomic
def decision_attachment_delete(*, actor: User, attachment: DecisionAttachment) -> None:
    access.require_object(actor, "manage_files", attachment.decision)
    delete_with_file(attachment, "file")
