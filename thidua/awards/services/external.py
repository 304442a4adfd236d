"""A proposal batch received from another thidua installation (issue 20: exchange packages).

The receiving board records it as its sender sent it: a batch of the sending unit, already sent up
and waiting for this level's desk to receive it ("Đã gửi, chờ cấp trên tiếp nhận"), with its
candidates. From there it follows the same flow as a batch drafted here (receive, appraise, return,
forward, decide), with the same status log."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.core.errors import ValidationFailed
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import Unit

from .. import policy
from ..models import AwardType, BatchAction, Person, ProposalBatch, ProposalCandidate, ProposalStatus, Track
from .batches import _log, _reviewer_for


@transaction.atomic
def batch_receive_external(
    *,
    actor: User,
    unit: Unit,
    title: str,
    year: int,
    track: str,
    candidates: list[dict[str, Any]],
    source: str,
) -> tuple[ProposalBatch, list[ProposalCandidate]]:
    """`candidates`: dicts of award_type (AwardType), unit (Unit), person (dict or None), achievement.
    `source` names the sending installation and its package, for the status log."""
    access.require(actor, Action.MANAGE_CLUSTERS, unit)
    if not title.strip():
        raise ValidationFailed(_("Trích yếu không được để trống."), field="title")
    reviewer = _reviewer_for(unit, None)
    batch = ProposalBatch.objects.create(
        title=title.strip()[:255],
        year=year,
        track=track if track in Track.values else Track.REGULAR,
        unit=unit,
        reviewer=reviewer,
        level=policy.level_of(reviewer),
        status=ProposalStatus.SENT,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _log(batch, actor=actor, action=BatchAction.SEND, source="", unit=unit, reason=source[:500])
    made = []
    for row in candidates:
        award: AwardType = row["award_type"]
        member: Unit = row["unit"]
        person = None
        if row.get("person"):
            name = str(row["person"].get("full_name") or "").strip()[:150]
            person = Person.objects.filter(full_name=name, unit=member).first() or Person.objects.create(
                unit=member,
                full_name=name,
                rank=str(row["person"].get("rank") or "")[:80],
                position=str(row["person"].get("position") or "")[:150],
            )
        made.append(
            ProposalCandidate.objects.create(
                batch=batch,
                award_type=award,
                unit=member,
                person=person,
                achievement=str(row.get("achievement") or "")[:10000],
            )
        )
    return batch, made
