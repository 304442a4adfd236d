"""Recorded exceptions to R9/R10 (issue 17.8): a tick box of the proposal form is a request with a reason,
counted by the eligibility engine only after a second person (not the proposer) approves it."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.core.errors import ValidationFailed
from thidua.organisation import access

from ..errors import BatchLocked, OverrideAlreadyApproved, OverrideNeedsSecondPerson
from ..models import CriterionOverride, OverrideRule, ProposalCandidate, ProposalStatus

MAX_REASON = 2000


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            _("Cần ghi lý do khi ghi nhận tiêu chuẩn bằng tay (chưa có kết quả trong dữ liệu năm)."),
            field="override_reason",
        )
    if len(reason) > MAX_REASON or "\x00" in reason:
        raise ValidationFailed(
            _("Lý do ghi nhận không hợp lệ (tối đa {max} ký tự)."), field="override_reason", max=MAX_REASON
        )
    return reason


def overrides_request(
    *, actor: User, candidate: ProposalCandidate, rule_keys: list[str], reason: str
) -> list[CriterionOverride]:
    """Called inside candidate_add (its transaction and permission check): one request per ticked box."""
    if not rule_keys:
        return []
    reason = _clean_reason(reason)
    requested_by = actor if getattr(actor, "pk", None) else None
    return [
        CriterionOverride.objects.create(
            candidate=candidate, rule_key=key, reason=reason, requested_by=requested_by
        )
        for key in rule_keys
        if key in OverrideRule.values
    ]


@transaction.atomic
def override_approve(*, actor: User, override: CriterionOverride) -> CriterionOverride:
    """The second person's approval: the unit's leader or the reviewing board, never the proposer."""
    override = (
        CriterionOverride.objects.select_for_update(of=("self",))
        .select_related(
            "candidate__batch__unit",
            "candidate__batch__reviewer",
            "candidate__batch__cluster_term__leader",
            "candidate__batch__cluster_term__cluster__owner",
            "approved_by",
        )
        .get(pk=override.pk)
    )
    batch = override.candidate.batch
    access.require_object(actor, "approve_override", batch)
    if batch.status == ProposalStatus.DECIDED:
        raise BatchLocked(status=batch.get_status_display())
    rule = override.get_rule_key_display()
    if override.is_approved:
        approver = override.approved_by.get_username() if override.approved_by else "?"
        raise OverrideAlreadyApproved(rule=rule, approver=approver)
    if override.requested_by_id is not None and actor.pk == override.requested_by_id:
        raise OverrideNeedsSecondPerson(rule=rule)
    override.approved_by = actor
    override.approved_at = timezone.now()
    override.save(update_fields=["approved_by", "approved_at", "updated_at"])
    return override
