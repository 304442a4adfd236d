"""Reads of the awards capability, scoped to the user; context builders for the documents app."""

import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from thidua.accounts.models import User
from thidua.core.errors import NotFound
from thidua.core.listing import matches
from thidua.core.text import fold, search_terms
from thidua.documents.qr import public_url, verification_load
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import Unit

from . import eligibility, policy
from .models import (
    AwardCount,
    AwardRecord,
    AwardType,
    BatchStatusLog,
    CriterionOverride,
    CriterionRule,
    Decision,
    DecisionAttachment,
    ImportJob,
    LegalBasis,
    Person,
    ProposalBatch,
    ProposalCandidate,
    ProposalStatus,
    StatForm,
)


def catalogue(*, year: int | None = None) -> QuerySet[AwardType]:
    types = AwardType.objects.select_related("legal_basis", "replaces").prefetch_related(
        Prefetch(
            "rules",
            queryset=CriterionRule.objects.select_related("legal_basis").order_by(
                "legal_basis__effective_from", "order"
            ),
        )
    )
    if year:
        types = types.filter(Q(valid_from_year__isnull=True) | Q(valid_from_year__lte=year)).filter(
            Q(valid_to_year__isnull=True) | Q(valid_to_year__gte=year)
        )
    return types


def award_type_get(*, award_type_id: int) -> AwardType:
    """One catalogue entry (the catalogue is public to every signed-in user), with its basis and former version."""
    award = (
        AwardType.objects.select_related("legal_basis", "replaces")
        .prefetch_related("successors")
        .filter(pk=award_type_id)
        .first()
    )
    if award is None:
        raise NotFound()
    return award


def legal_bases() -> QuerySet[LegalBasis]:
    return LegalBasis.objects.prefetch_related("deadlines").order_by("-effective_from")


def cross_cutting_rules() -> QuerySet[CriterionRule]:
    return CriterionRule.objects.filter(award_type__isnull=True).select_related("legal_basis")


def _batch_queryset() -> QuerySet[ProposalBatch]:
    return ProposalBatch.objects.select_related(
        "unit", "reviewer__parent", "cluster_term__cluster__owner", "cluster_term__leader"
    )


def batch_scope_q(actor: User) -> Q:
    if access.is_admin(actor):
        return Q()
    viewable = access.units_in_scope(actor, Action.VIEW).values("pk")
    boards = access.units_in_scope(actor, Action.MANAGE_CLUSTERS).values("pk")
    terms = access.terms_in_scope(actor).values("pk")
    return Q(unit__in=viewable) | Q(reviewer__in=boards) | Q(cluster_term__in=terms)


def batch_list(*, actor: User, year: int | None = None, status: str = "") -> QuerySet[ProposalBatch]:
    batches = _batch_queryset().filter(batch_scope_q(actor))
    if year:
        batches = batches.filter(year=year)
    if status:
        batches = batches.filter(status=status)
    return batches.order_by("-year", "-created_at")


def batch_get(*, actor: User, batch_id: int, verb: str | None = None) -> ProposalBatch:
    """A batch in the actor's scope (404 otherwise); with `verb`, one the policy lets the actor `verb`
    too (403 otherwise, before the page reads a form)."""
    batch = _batch_queryset().filter(pk=batch_id).filter(batch_scope_q(actor)).first()
    if batch is None:
        raise NotFound()
    if verb is not None:
        access.require_object(actor, verb, batch)
    return batch


def batch_candidates(*, batch: ProposalBatch) -> list[ProposalCandidate]:
    return list(
        batch.candidates.select_related("award_type", "unit", "person").order_by(
            "award_type__category", "-award_type__rank", "award_type__name", "unit__name", "person__full_name"
        )
    )


def override_get(*, actor: User, batch_id: int, override_id: int) -> CriterionOverride:
    """A recorded exception of a candidate, fetched through its batch (404 outside the actor's scope)."""
    batch = batch_get(actor=actor, batch_id=batch_id)
    override = CriterionOverride.objects.filter(pk=override_id, candidate__batch=batch).first()
    if override is None:
        raise NotFound()
    return override


def decision_permissions(*, actor: User, decision: Decision) -> dict[str, bool]:
    """What the decision's page offers the actor: its files (policy `manage_files`), annulment (`annul`)."""
    return {
        "can_manage": access.can_object(actor, "manage_files", decision),
        "can_annul": access.can_object(actor, "annul", decision),
    }


def batch_review(*, batch: ProposalBatch) -> dict[str, Any]:
    """Candidates with their eligibility verdicts and the quota usage of the batch."""
    candidates = batch_candidates(batch=batch)
    facts = eligibility.facts_for_batch(batch, candidates)
    frozen = batch.status in (ProposalStatus.SUBMITTED, ProposalStatus.DECIDED)
    verdicts = {
        c.pk: eligibility.Verdict.from_snapshot(eligibility.Subject.of(c, batch), c.eligibility_snapshot)
        if frozen and c.eligibility_snapshot
        else eligibility.evaluate(facts, eligibility.Subject.of(c, batch))
        for c in candidates
    }
    overrides: dict[int, list[CriterionOverride]] = {}
    for (candidate_id, _rule), override in sorted(facts.overrides.items()):
        overrides.setdefault(candidate_id, []).append(override)
    rows: list[dict[str, Any]] = [
        {"candidate": c, "verdict": verdicts[c.pk], "overrides": overrides.get(c.pk, [])} for c in candidates
    ]
    return {
        "rows": rows,
        "quotas": eligibility.quota_summary(batch, candidates, facts),
        "eligible_count": sum(1 for r in rows if r["verdict"].passed),
        "is_snapshot": frozen,
    }


def batch_permissions(*, actor: User, batch: ProposalBatch) -> dict[str, bool]:
    return {
        "can_draft": access.can_object(actor, "draft", batch),
        "can_approve": access.can_object(actor, "approve", batch),
        "can_review": access.can_object(actor, "review", batch),
        "is_desk": policy.can_act_as_desk(actor, batch),
    }


def batch_log(*, batch: ProposalBatch) -> QuerySet[BatchStatusLog]:
    """The proposal's status log, oldest first (17.2)."""
    return batch.log.select_related("unit", "related_batch").order_by("created_at", "pk")


def batch_origins(*, batch: ProposalBatch) -> QuerySet[ProposalBatch]:
    """The lower-level batches whose candidates this consolidated batch gathers."""
    return _batch_queryset().filter(candidates__forwards__batch=batch).distinct().order_by("pk")


def batch_forwarded_to(*, batch: ProposalBatch) -> QuerySet[ProposalBatch]:
    """The upper-level batches this batch's candidates were forwarded to."""
    return _batch_queryset().filter(candidates__origin__batch=batch).distinct().order_by("pk")


def returned_to_me(*, actor: User, limit: int = 12) -> list[dict[str, Any]]:
    """To-do: proposals the user's units sent that came back, with the desk's reason (latest return)."""
    batches = list(
        _batch_queryset()
        .filter(status=ProposalStatus.RETURNED)
        .filter(batch_scope_q(actor))
        .order_by("-updated_at")[: limit * 3]
    )
    batches = [b for b in batches if access.can_object(actor, "withdraw", b)][:limit]
    returns = {
        row.batch_id: row
        for row in BatchStatusLog.objects.filter(batch__in=batches, to_status=ProposalStatus.RETURNED)
        .select_related("unit")
        .order_by("created_at", "pk")
    }
    return [{"batch": b, "log": returns.get(b.pk)} for b in batches]


def due_list(*, actor: User, today: datetime.date | None = None) -> list[dict[str, Any]]:
    from .services import batches_due

    today = today or timezone.localdate()
    batches = list(batch_list(actor=actor).filter(due_on__isnull=False, status__in=ProposalBatch.AT_DESK))
    return batches_due(batches=batches, today=today)


def decision_scope_q(actor: User) -> Q:
    if access.is_admin(actor):
        return Q()
    viewable = access.units_in_scope(actor, Action.VIEW).values("pk")
    return Q(issuer__in=viewable) | Q(
        pk__in=AwardRecord.objects.filter(unit__in=viewable).values("decision_id")
    )


def decision_list(*, actor: User, year: int | None = None) -> QuerySet[Decision]:
    decisions = Decision.objects.select_related("issuer", "batch").filter(decision_scope_q(actor))
    if year:
        decisions = decisions.filter(signed_on__year=year)
    return decisions.order_by("-signed_on", "number")


def decision_get(*, actor: User, decision_id: int, verb: str | None = None) -> Decision:
    """A decision in the actor's scope (404 otherwise); with `verb`, one the policy lets the actor
    `verb` too (403 otherwise, before the page reads a form)."""
    decision = (
        Decision.objects.select_related("issuer", "batch")
        .filter(pk=decision_id)
        .filter(decision_scope_q(actor))
        .first()
    )
    if decision is None:
        raise NotFound()
    if verb is not None:
        access.require_object(actor, verb, decision)
    return decision


def decision_records(*, decision: Decision) -> QuerySet[AwardRecord]:
    return decision.records.select_related("award_type", "unit", "person").order_by(
        "award_type__category", "-award_type__rank", "recipient_name"
    )


# sort keys the history page and the API accept (anything else: the default, "-year")
RECORD_SORTS: dict[str, tuple[str, ...]] = {
    "year": ("year", "award_type__category", "-award_type__rank", "recipient_name", "pk"),
    "name": ("recipient_name", "-year", "pk"),
    "unit": ("unit__name", "-year", "recipient_name", "pk"),
    "award": ("award_type__name", "-year", "recipient_name", "pk"),
    "decision": ("decision_date", "decision_number", "pk"),
}
RECORD_DEFAULT_SORT = "-year"


def record_list(
    *,
    actor: User,
    year: int | None = None,
    unit_id: int | None = None,
    award_code: str = "",
    person_id: int | None = None,
    query: str = "",
) -> QuerySet[AwardRecord]:
    """Records in the actor's scope; `query`: every folded word in the person's or unit's name, the award's
    name or code, or the decision number (Hùng and Hưng fold alike: search only, never identity)."""
    records = AwardRecord.objects.select_related("award_type", "unit", "person", "decision").filter(
        unit__in=access.units_in_scope(actor, Action.VIEW)
    )
    for word in search_terms(query):
        records = records.filter(
            Q(person__search_key__contains=word)
            | Q(unit__search_key__contains=word)
            | Q(award_type__search_key__contains=word)
            | Q(decision_number__icontains=word)
            | Q(recipient_name__icontains=word)
        )
    if year:
        records = records.filter(year=year)
    if unit_id:
        records = records.filter(unit_id=unit_id)
    if award_code:
        records = records.filter(award_type__code=award_code)
    if person_id:
        records = records.filter(person_id=person_id)
    return records.order_by("-year", "award_type__category", "-award_type__rank", "recipient_name")


def record_get(*, actor: User, record_id: int) -> AwardRecord:
    record = (
        AwardRecord.objects.select_related("award_type", "unit", "person", "decision")
        .filter(pk=record_id)
        .first()
    )
    if record is None or not access.can(actor, Action.VIEW, record.unit):
        raise NotFound()
    return record


def certificates(*, actor: User, decision: Decision) -> QuerySet[AwardRecord]:
    """Award records of a decision to print certificates (revoked ones left out)."""
    return decision_records(decision=decision).filter(revoked_on__isnull=True)


def import_job_get(*, actor: User, job_id: int) -> ImportJob:
    job = ImportJob.objects.select_related("scope").filter(pk=job_id).first()
    if job is None or not access.can(actor, Action.MANAGE_CLUSTERS, job.scope):
        raise NotFound()
    return job


NEXT_ELIGIBLE_SORTS = {
    "person": lambda row: (fold(row["person"].full_name), row["person"].pk),
    "unit": lambda row: (fold(row["unit"].name), fold(row["person"].full_name), row["person"].pk),
    "target": lambda row: (fold(row["target"].name), fold(row["person"].full_name), row["person"].pk),
}


def next_eligible(*, actor: User, unit_ids: list[int], year: int) -> list[dict[str, Any]]:
    allowed = set(
        access.units_in_scope(actor, Action.VIEW).filter(pk__in=unit_ids).values_list("pk", flat=True)
    )
    return eligibility.next_eligible(unit_ids=allowed, year=year) if allowed else []


def next_eligible_units(*, actor: User) -> QuerySet[Unit]:
    """Units in scope that have people: the choices of the "Sắp đủ điều kiện" list."""
    return access.units_in_scope(actor, Action.VIEW).filter(people__isnull=False).distinct().order_by("name")


def next_eligible_list(
    *, actor: User, year: int, unit_id: int | None = None, query: str = ""
) -> list[dict[str, Any]]:
    """People one year from a higher title (15.12), for the page and the API alike: one unit or every unit in
    scope with people; `query`: every folded word in the person's, unit's or target award's name."""
    chosen = (
        [unit_id] if unit_id else list(next_eligible_units(actor=actor)[:300].values_list("pk", flat=True))
    )
    rows = next_eligible(actor=actor, unit_ids=chosen, year=year)
    if query:
        rows = [r for r in rows if matches(query, r["person"].full_name, r["unit"].name, r["target"].name)]
    return rows


def stat_forms() -> QuerySet[StatForm]:
    return StatForm.objects.select_related("legal_basis").order_by("-legal_basis__effective_from", "code")


# -- public disclosure (no login) ------------------------------------------------------------------


def public_decision_get(*, public_id, today: datetime.date | None = None) -> Decision:
    today = today or timezone.localdate()
    decision = Decision.objects.select_related("issuer").filter(public_id=public_id).first()
    if decision is None or not decision.is_published_on(today):
        raise NotFound()
    return decision


def verification_get(*, token: str) -> dict[str, Any]:
    """What a QR code proves: the holder(s), the award, the decision number and date, and whether it was
    annulled. Independent of the disclosure window; a forged token is a 404 like an absent record."""
    loaded = verification_load(token)
    if loaded is None:
        raise NotFound()
    kind, public_id = loaded
    if kind == "record":
        record = (
            AwardRecord.objects.select_related("award_type", "unit", "decision", "annulment")
            .filter(public_id=public_id)
            .first()
        )
        if record is None:
            raise NotFound()
        return {"kind": kind, "records": [record], "decision": record.decision, "record": record}
    decision = Decision.objects.filter(public_id=public_id).prefetch_related("annulments").first()
    if decision is None:
        raise NotFound()
    records = list(decision_records(decision=decision))
    return {
        "kind": kind,
        "decision": decision,
        "records": records,
        "is_annulled": bool(records) and all(r.is_revoked for r in records),
    }


def public_award_get(*, public_id, today: datetime.date | None = None) -> AwardRecord:
    today = today or timezone.localdate()
    record = (
        AwardRecord.objects.select_related("award_type", "unit", "decision")
        .filter(public_id=public_id)
        .first()
    )
    if record is None or record.decision is None or not record.decision.is_published_on(today):
        raise NotFound()
    return record


def public_batch_get(*, public_id, today: datetime.date | None = None) -> ProposalBatch:
    today = today or timezone.localdate()
    batch = _batch_queryset().filter(public_id=public_id).first()
    if batch is None or not batch.is_published_on(today):
        raise NotFound()
    return batch


def public_listing(*, today: datetime.date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    window = Q(publish_from__lte=today, publish_until__gte=today)
    return {
        "batches": _batch_queryset().filter(window).order_by("-publish_from"),
        "decisions": Decision.objects.select_related("issuer").filter(window).order_by("-signed_on"),
    }


# -- context builders for the documents app --------------------------------------------------------


def _recipient(
    *, unit, person, name: str, award: AwardType, achievement: str, rank: str = "", position: str = ""
) -> dict[str, Any]:
    return {
        "name": name,
        "kind": award.get_recipient_kind_display(),
        "unit": unit.name,
        "unit_code": unit.code,
        "rank": rank,
        "position": position,
        "title": award.name,
        "award_code": award.code,
        "category": award.get_category_display(),
        "achievement": achievement,
    }


def proposal_list_context(batch: ProposalBatch) -> dict[str, Any]:
    """Tờ trình + danh sách đề nghị: proposer, reviewer, year, track and the candidates with their verdicts."""
    candidates = batch_candidates(batch=batch)
    facts = eligibility.facts_for_batch(batch, candidates)
    recipients = []
    for candidate in candidates:
        verdict = eligibility.evaluate(facts, eligibility.Subject.of(candidate, batch))
        person = candidate.person
        item = _recipient(
            unit=candidate.unit,
            person=person,
            name=candidate.recipient_name,
            award=candidate.award_type,
            achievement=candidate.achievement,
            rank=person.rank if person else "",
            position=person.position if person else "",
        )
        item["eligible"] = verdict.eligible
        item["checks"] = [line.text for line in verdict.lines]
        item["status"] = candidate.get_status_display()
        recipients.append(item)
    term = batch.cluster_term
    issuer = term.leader if term is not None and term.leader is not None else batch.unit
    return {
        "kind": "proposal_list",
        "title": batch.title,
        "issuer": issuer.name if issuer else batch.proposer_name,
        "proposer": batch.proposer_name,
        "receiver": batch.reviewer.name,
        "year": batch.year,
        "track": batch.get_track_display(),
        "status": batch.get_status_display(),
        "number": "",
        "date": batch.received_on,
        "signer": "",
        "recipients": recipients,
        "public_url": public_url("awards:public_batch", batch.public_id),
    }


def decision_context(decision: Decision) -> dict[str, Any]:
    records = list(decision_records(decision=decision))
    return {
        "kind": "decision",
        "issuer": decision.issuer.name if decision.issuer else decision.authority,
        "authority": decision.authority,
        "number": decision.number,
        "date": decision.signed_on,
        "signer": decision.signer_name,
        "signer_title": decision.signer_title,
        "summary": decision.summary,
        "track": decision.get_track_display(),
        "recipients": [
            _recipient(
                unit=r.unit,
                person=r.person,
                name=r.recipient_name,
                award=r.award_type,
                achievement=r.achievement,
                rank=r.rank,
                position=r.position,
            )
            | {"public_url": public_url("awards:public_award", r.public_id), "revoked": r.is_revoked}
            for r in records
        ],
        "public_url": public_url("awards:public_decision", decision.public_id),
    }


def certificate_context(award_record: AwardRecord) -> dict[str, Any]:
    decision = award_record.decision
    return {
        "kind": "certificate",
        "issuer": (decision.issuer.name if decision and decision.issuer else award_record.authority),
        "authority": award_record.authority,
        "number": award_record.decision_number,
        "date": award_record.decision_date,
        "signer": decision.signer_name if decision else "",
        "signer_title": decision.signer_title if decision else "",
        "year": award_record.year,
        "recipients": [
            _recipient(
                unit=award_record.unit,
                person=award_record.person,
                name=award_record.recipient_name,
                award=award_record.award_type,
                achievement=award_record.achievement,
                rank=award_record.rank,
                position=award_record.position,
            )
        ],
        "revoked": award_record.is_revoked,
        "public_url": public_url("awards:public_award", award_record.public_id),
    }


def decision_attachment_get(*, actor: User, decision_id: int, attachment_id: int) -> DecisionAttachment:
    decision = decision_get(actor=actor, decision_id=decision_id)
    attachment = decision.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise NotFound()
    return attachment


def public_attachment_get(
    *, public_id, attachment_id: int, today: datetime.date | None = None
) -> DecisionAttachment:
    decision = public_decision_get(public_id=public_id, today=today)
    attachment = decision.attachments.filter(pk=attachment_id, is_public=True).first()
    if attachment is None:
        raise NotFound()
    return attachment


# -- counts without names (16.8) -------------------------------------------------------------------


def award_count_list(
    *, actor: User, year: int | None = None, unit_id: int | None = None, cluster_term_id: int | None = None
) -> list:
    """Counts in the user's scope with `named` / `remainder` (statistics.counts_in_scope)."""
    from . import statistics

    rows = statistics.counts_in_scope(actor=actor, year=year)
    if unit_id:
        rows = [row for row in rows if row.unit_id == unit_id]
    if cluster_term_id:
        rows = [row for row in rows if row.cluster_term_id == cluster_term_id]
    return rows


def award_count_get(*, actor: User, count_id: int) -> AwardCount:
    """One count the user may see (404 alike for absent and out of scope)."""
    count = (
        AwardCount.objects.select_related("award_type", "unit", "cluster_term__cluster__owner", "decision")
        .filter(
            Q(unit__in=access.units_in_scope(actor, Action.VIEW))
            | Q(cluster_term__in=access.terms_in_scope(actor)),
            pk=count_id,
        )
        .first()
    )
    if count is None:
        raise NotFound()
    return count


# -- people (16.9) ---------------------------------------------------------------------------------


def person_list(*, actor: User, q: str = "", unit_id: int | None = None) -> QuerySet[Person]:
    """People of the units in scope; `q` matches the name without tone marks (search only, never identity)."""
    people = Person.objects.select_related("unit").filter(unit__in=access.units_in_scope(actor, Action.VIEW))
    if q.strip():
        people = people.filter(search_key__contains=fold(q.strip()))
    if unit_id:
        people = people.filter(unit_id=unit_id)
    return people.order_by("unit__path", "full_name", "pk")


def person_get(*, actor: User, person_id: int) -> Person:
    person = (
        Person.objects.select_related("unit")
        .filter(pk=person_id, unit__in=access.units_in_scope(actor, Action.VIEW))
        .first()
    )
    if person is None:
        raise NotFound()
    return person
