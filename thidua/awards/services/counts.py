"""Award counts without names (16.8): "10 tập thể, 33 cá nhân được tặng Giấy khen".

Rule against double counting (documented in AwardCount): a count is the figure its paper gives; the
named records of the same paper — same non-empty decision number, award type and year, in the count's
unit (or its descendants) or, for a cluster-level count, in the term's member units — are counted by
name, and the count adds only its remainder. Writing a count smaller than the paper's named records is
refused; a count without a decision number never meets named records (it is a different paper).
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.core.dates import KnownDate
from thidua.core.errors import ValidationFailed
from thidua.core.text import clean_code
from thidua.organisation import access
from thidua.organisation.models import ClusterMembership, ClusterTerm, Unit

from .. import policy
from ..errors import AwardCountBelowNamed, AwardCountDuplicate, AwardTypeNotValidInYear
from ..models import AwardCount, AwardRecord, AwardType, Decision, Track

MAX_COUNT = 1_000_000  # more awards than CAND has people: a typing error


def _check_holder(unit: Unit | None, cluster_term: ClusterTerm | None) -> None:
    if (unit is None) == (cluster_term is None):
        raise ValidationFailed(_("Chọn một đơn vị hoặc một cụm, khối (không chọn cả hai)."), field="unit_id")


def _member_paths(term_ids: Iterable[int]) -> dict[int, list[str]]:
    paths: dict[int, list[str]] = {}
    for term_id, path in ClusterMembership.objects.filter(term_id__in=set(term_ids)).values_list(
        "term_id", "unit__path"
    ):
        paths.setdefault(term_id, []).append(path)
    return paths


def named_in_papers(*, counts: list[AwardCount]) -> dict[int, int]:
    """For each count (by pk), the named, unrevoked records of its paper (two queries for any number of counts)."""
    numbered = [c for c in counts if c.decision_number]
    result = {c.pk: 0 for c in counts}
    if not numbered:
        return result
    rows = list(
        AwardRecord.objects.filter(
            revoked_on__isnull=True,
            decision_number__in={c.decision_number for c in numbered},
            award_type_id__in={c.award_type_id for c in numbered},
            year__in={c.year for c in numbered},
        ).values_list("award_type_id", "year", "decision_number", "unit__path")
    )
    members = _member_paths(c.cluster_term_id for c in numbered if c.cluster_term_id)
    for count in numbered:
        if count.unit is not None:
            prefixes = [count.unit.path]
        else:
            assert count.cluster_term_id is not None  # a unit or a cluster term (award_count_unit_or_term)
            prefixes = members.get(count.cluster_term_id, [])
        result[count.pk] = sum(
            1
            for award_type_id, year, number, path in rows
            if (award_type_id, year, number) == (count.award_type_id, count.year, count.decision_number)
            and any(path.startswith(prefix) for prefix in prefixes)
        )
    return result


def _check(count: AwardCount) -> None:
    if not count.decision_id and not count.decision_number and not count.source.strip():
        raise ValidationFailed(
            _("Cần ghi văn bản nguồn (báo cáo, bài viết) khi không có số quyết định."), field="source"
        )
    if not count.award_type.is_valid_in(count.year):
        raise AwardTypeNotValidInYear(field="award_code", award=count.award_type.name, year=count.year)
    named = named_in_papers(counts=[count])[count.pk]  # pk None before the first save: still one key
    if count.count < named:
        raise AwardCountBelowNamed(field="count", count=count.count, named=named)


def _save(count: AwardCount) -> AwardCount:
    try:
        with transaction.atomic():
            count.save()
    except IntegrityError:
        raise AwardCountDuplicate(
            field="decision_number",
            award=count.award_type.name,
            year=count.year,
            holder=count.holder_name,
            number=count.decision_number or "—",
        ) from None
    return count


def _bounded(value: int) -> int:
    if not 1 <= value <= MAX_COUNT:
        raise ValidationFailed(
            _("Số lượng phải từ 1 đến {max}."), field="count", max=f"{MAX_COUNT:,}".replace(",", ".")
        )
    return value


@transaction.atomic
def award_count_create(
    *,
    actor: User,
    award_type: AwardType,
    year: int,
    count: int,
    unit: Unit | None = None,
    cluster_term: ClusterTerm | None = None,
    decision: Decision | None = None,
    decision_number: str = "",
    decision_date: KnownDate | datetime.date | None = None,
    signer_name: str = "",
    authority: str = "",
    source: str = "",
    track: str = Track.REGULAR,
    note: str = "",
) -> AwardCount:
    """Record a count of awards given without names; the paper's number, date and signer are optional."""
    _check_holder(unit, cluster_term)
    policy.require_keep_counts(actor, unit, cluster_term)
    if decision is not None:  # the registered paper is the source: its facts, not retyped ones
        decision_number, decision_date = decision.number, decision.signed_known
        signer_name, authority = decision.signer_name, decision.authority
    record = AwardCount(
        award_type=award_type,
        year=year,
        recipient_kind=award_type.recipient_kind,
        unit=unit,
        cluster_term=cluster_term,
        count=_bounded(count),
        decision=decision,
        decision_number=clean_code(decision_number.strip(), field="decision_number"),
        signer_name=signer_name.strip(),
        authority=authority.strip(),
        source=source.strip(),
        track=track,
        note=note.strip(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    record.decision_known = decision_date  # the date as far as the paper gives it (16.3)
    _check(record)
    return _save(record)


COUNT_FIELDS = ("count", "source", "note", "signer_name", "authority", "track")


@transaction.atomic
def award_count_update(*, actor: User, award_count: AwardCount, **changes: Any) -> AwardCount:
    """Correct a count's figure or its paper's details (the history table keeps former values)."""
    locked = (
        AwardCount.objects.select_for_update(of=("self",))
        .select_related("award_type", "unit", "cluster_term__cluster__owner")
        .get(pk=award_count.pk)
    )
    access.require_object(actor, "change", locked)
    if changes.get("decision_date") is not None:
        locked.decision_known = changes["decision_date"]
    for name in COUNT_FIELDS:
        if name in changes and changes[name] is not None:
            value = changes[name]
            setattr(locked, name, value.strip() if isinstance(value, str) else value)
    _bounded(locked.count)
    _check(locked)
    return _save(locked)


@transaction.atomic
def award_count_delete(*, actor: User, award_count: AwardCount) -> None:
    access.require_object(actor, "change", award_count)
    AwardCount.objects.filter(pk=award_count.pk).delete()
