"""Covenant writes: create, copy last year's, edit while draft, sign (locks), amend after signing."""

import datetime
import os
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.core.dates import KnownDate
from thidua.core.errors import ValidationFailed
from thidua.core.files import save_with_file
from thidua.core.text import nfc, number
from thidua.core.versioning import version_claim
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterTerm

from ..errors import (
    CovenantEmpty,
    CovenantExists,
    CovenantLocked,
    CovenantNothingToSign,
    CovenantNotSigned,
    CovenantPointsMismatch,
    CovenantUnscored,
    DuplicateCode,
    NoPreviousCovenant,
)
from ..models import (
    BonusPenaltyRule,
    Covenant,
    CovenantAmendment,
    CovenantDocument,
    CovenantDocumentKind,
    CovenantScale,
    CovenantSignatory,
    CovenantStatus,
    CriteriaGroup,
    Criterion,
    CriterionMethod,
    Movement,
    RuleKind,
)
from .evidence import ALLOWED_EVIDENCE, check_upload

COVENANT_FIELDS = ("slogan", "signed_on", "signed_at_place", "total_points", "movement", "scale")
GROUP_FIELDS = ("order", "code", "title")
CRITERION_FIELDS = (
    "order",
    "code",
    "title",
    "max_points",
    "method",
    "reference",
    "cap_ratio",
    "points_per_item",
    "formula_hint",
)
RULE_FIELDS = ("kind", "order", "title", "points", "cap", "reference")


def _require_draft(covenant: Covenant) -> None:
    if covenant.is_signed:
        raise CovenantLocked()


def _lock(covenant: Covenant) -> Covenant:
    return (
        Covenant.objects.select_for_update(of=("self",))
        .select_related("term__cluster__owner")
        .get(pk=covenant.pk)
    )


def _touch(covenant: Covenant, version: int | None = None) -> None:
    """Every change to a covenant's content (heading, groups, criteria, rules, signatories) moves
    the covenant's version; forms that act on what they showed (sign, amend, delete, signatories)
    pass the version they read and are refused if it moved (13.11)."""
    version_claim(covenant, version, shown=_covenant_summary)


def _check_fields(changes: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValidationFailed(_("Trường không được phép sửa: {fields}"), fields=", ".join(sorted(unknown)))


def _check_points(value: Any, field: str) -> None:
    if value is not None and Decimal(value) < 0:
        raise ValidationFailed(_("Điểm không được âm."), field=field)


def _check_criterion(changes: dict[str, Any]) -> None:
    if "method" in changes and changes["method"] not in CriterionMethod.values:
        raise ValidationFailed(_("Cách chấm không hợp lệ."), field="method")
    _check_points(changes.get("max_points"), "max_points")
    _check_points(changes.get("points_per_item"), "points_per_item")
    if changes.get("cap_ratio") is not None and Decimal(changes["cap_ratio"]) <= 0:
        raise ValidationFailed(_("Tỷ lệ vượt tối đa phải lớn hơn 0."), field="cap_ratio")


def _check_rule(changes: dict[str, Any]) -> None:
    if "kind" in changes and changes["kind"] not in RuleKind.values:
        raise ValidationFailed(_("Loại điểm thưởng/điểm trừ không hợp lệ."), field="kind")
    _check_points(changes.get("points"), "points")
    _check_points(changes.get("cap"), "cap")


def _members_in_order(term: ClusterTerm) -> list:
    units = [m.unit for m in term.memberships.select_related("unit").order_by("unit__name")]
    units.sort(key=lambda u: (u.pk != term.leader_id, u.pk != term.deputy_id, u.name))
    return units


@transaction.atomic
def covenant_create(
    *,
    actor: User,
    term: ClusterTerm,
    slogan: str = "",
    movement: Movement | None = None,
    total_points: Decimal = Decimal("100"),
    signed_at_place: str = "",
    scale: str = CovenantScale.POINTS,
) -> Covenant:
    """Draw up the term's covenant (draft) with one signatory line per member unit.

    `scale`: QUALITATIVE when the papers give no point scale (16.5) — slogan, content groups and
    targets are recorded and signed without points."""
    access.require_term(actor, Action.MANAGE_TERM, term)
    if Covenant.objects.filter(term=term).exists():
        raise CovenantExists(term=term)
    _check_points(total_points, "total_points")
    _check_scale(scale)
    covenant = Covenant.objects.create(
        term=term,
        slogan=slogan.strip(),
        movement=movement,
        total_points=total_points,
        signed_at_place=signed_at_place.strip(),
        scale=scale,
    )
    CovenantSignatory.objects.bulk_create(
        CovenantSignatory(covenant=covenant, unit=unit, order=index)
        for index, unit in enumerate(_members_in_order(term))
    )
    return covenant


@transaction.atomic
def covenant_copy_from_previous(*, actor: User, term: ClusterTerm) -> Covenant:
    """Start this year's covenant as a copy of the cluster's covenant of the previous year."""
    access.require_term(actor, Action.MANAGE_TERM, term)
    previous = (
        Covenant.objects.filter(term__cluster=term.cluster, term__year=term.year - 1)
        .prefetch_related("groups__criteria", "rules")
        .first()
    )
    if previous is None:
        raise NoPreviousCovenant(year=term.year - 1)
    covenant = covenant_create(
        actor=actor,
        term=term,
        slogan=previous.slogan,
        total_points=previous.total_points,
        movement=None,
        scale=previous.scale,
    )
    covenant.copied_from = previous
    covenant.save(update_fields=["copied_from", "updated_at"])
    for group in previous.groups.all():
        new_group = CriteriaGroup.objects.create(
            covenant=covenant, order=group.order, code=group.code, title=group.title
        )
        for criterion in group.criteria.all():
            Criterion.objects.create(
                group=new_group, **{field: getattr(criterion, field) for field in CRITERION_FIELDS}
            )
    BonusPenaltyRule.objects.bulk_create(
        BonusPenaltyRule(covenant=covenant, **{field: getattr(rule, field) for field in RULE_FIELDS})
        for rule in previous.rules.all()
    )
    return covenant


def _covenant_summary(covenant: Covenant) -> str:
    """The newer covenant as a StaleWrite shows it."""
    return f"{_('Tổng điểm')} {number(covenant.total_points)}; {_('khẩu hiệu')}: {covenant.slogan or '—'}"


@transaction.atomic
def covenant_update(
    *, actor: User, covenant: Covenant, version: int | None = None, **changes: Any
) -> Covenant:
    """Change a draft covenant's heading; `version` read by the client (stale → StaleWrite)."""
    access.require_object(actor, "manage", covenant)
    covenant = _lock(covenant)
    _require_draft(covenant)
    _check_fields(changes, COVENANT_FIELDS)
    _check_points(changes.get("total_points"), "total_points")
    if "scale" in changes:
        _check_scale(changes["scale"])
    version_claim(covenant, version, shown=_covenant_summary)
    for field, value in changes.items():
        setattr(covenant, field, value.strip() if isinstance(value, str) else value)
    covenant.save()
    return covenant


@transaction.atomic
def signatory_update(
    *,
    actor: User,
    signatory: CovenantSignatory,
    signer_name: str,
    signer_position: str,
    version: int | None = None,
) -> CovenantSignatory:
    """`version` is the covenant's, as the page read it (its signatories are part of it)."""
    access.require_object(actor, "manage", signatory.covenant)
    covenant = _lock(signatory.covenant)
    _require_draft(covenant)
    _touch(covenant, version)
    signatory.signer_name = signer_name.strip()
    signatory.signer_position = signer_position.strip()
    signatory.save()
    return signatory


@transaction.atomic
def group_add(
    *,
    actor: User,
    covenant: Covenant,
    code: str,
    title: str,
    order: int | None = None,
    version: int | None = None,
) -> CriteriaGroup:
    access.require_object(actor, "manage", covenant)
    covenant = _lock(covenant)
    _require_draft(covenant)
    code = code.strip()
    if covenant.groups.filter(code=code).exists():
        raise DuplicateCode(field="code", code=code)
    _touch(covenant, version)
    if order is None:
        order = covenant.groups.count() + 1
    return CriteriaGroup.objects.create(covenant=covenant, code=code, title=title.strip(), order=order)


@transaction.atomic
def criterion_add(
    *,
    actor: User,
    group: CriteriaGroup,
    code: str,
    title: str,
    max_points: Decimal,
    method: str = CriterionMethod.TARGET,
    reference: str = "",
    order: int | None = None,
    cap_ratio: Decimal = Decimal("1.00"),
    points_per_item: Decimal | None = None,
    formula_hint: str = "",
    version: int | None = None,
) -> Criterion:
    covenant = group.covenant
    access.require_object(actor, "manage", covenant)
    covenant = _lock(covenant)
    _require_draft(covenant)
    fields = {
        "code": code.strip(),
        "title": title.strip(),
        "max_points": Decimal(max_points),
        "method": method,
        "reference": reference.strip(),
        "cap_ratio": Decimal(cap_ratio),
        "points_per_item": points_per_item,
        "formula_hint": formula_hint.strip(),
    }
    _check_criterion(fields)
    if Criterion.objects.filter(group__covenant=covenant, code=fields["code"]).exists():
        raise DuplicateCode(field="code", code=fields["code"])
    _touch(covenant, version)
    if order is None:
        order = group.criteria.count() + 1
    return Criterion.objects.create(group=group, order=order, **fields)


@transaction.atomic
def criterion_update(
    *, actor: User, criterion: Criterion, version: int | None = None, **changes: Any
) -> Criterion:
    """`version`: the covenant's, as read by the caller (a stale one raises StaleWrite)."""
    covenant = criterion.group.covenant
    access.require_object(actor, "manage", covenant)
    covenant = _lock(covenant)
    _require_draft(covenant)
    _check_fields(changes, CRITERION_FIELDS)
    _check_criterion(changes)
    _touch(covenant, version)
    for field, value in changes.items():
        setattr(criterion, field, value.strip() if isinstance(value, str) else value)
    criterion.save()
    return criterion


@transaction.atomic
def criterion_delete(*, actor: User, criterion: Criterion, version: int | None = None) -> None:
    covenant = criterion.group.covenant
    access.require_object(actor, "manage", covenant)
    covenant = _lock(covenant)
    _require_draft(covenant)
    _touch(covenant, version)
    criterion.delete()


@transaction.atomic
def group_delete(*, actor: User, group: CriteriaGroup) -> None:
    access.require_object(actor, "manage", group.covenant)
    covenant = _lock(group.covenant)
    _require_draft(covenant)
    _touch(covenant)
    group.delete()


@transaction.atomic
def rule_add(
    *,
    actor: User,
    covenant: Covenant,
    kind: str,
    title: str,
    points: Decimal,
    cap: Decimal | None = None,
    reference: str = "",
    version: int | None = None,
) -> BonusPenaltyRule:
    access.require_object(actor, "manage", covenant)
    covenant = _lock(covenant)
    _require_draft(covenant)
    fields = {"kind": kind, "title": title.strip(), "points": Decimal(points), "cap": cap}
    _check_rule(fields)
    _touch(covenant, version)
    return BonusPenaltyRule.objects.create(
        covenant=covenant, order=covenant.rules.count() + 1, reference=reference.strip(), **fields
    )


def criteria_points(*, covenant: Covenant) -> Decimal:
    total = Criterion.objects.filter(group__covenant=covenant).aggregate(total=Sum("max_points"))["total"]
    return total or Decimal("0")


def _check_scale(scale: Any) -> None:
    if scale not in CovenantScale.values:
        raise ValidationFailed(_("Thang điểm của giao ước không hợp lệ."), field="scale")


def _check_total(covenant: Covenant) -> None:
    """DOMAIN.md R20: the criteria's max points sum to the declared total — for a covenant with a point
    scale. A qualitative one (16.5) needs what was signed: a slogan or a content group. Each refusal
    names what is really missing (no criteria, criteria without points, a wrong total)."""
    if covenant.scale == CovenantScale.QUALITATIVE:
        if not covenant.slogan.strip() and not covenant.groups.exists():
            raise CovenantNothingToSign()
        return
    criteria = Criterion.objects.filter(group__covenant=covenant)
    count = criteria.count()
    if count == 0:
        raise CovenantEmpty()
    points = criteria_points(covenant=covenant)
    if points == 0:
        raise CovenantUnscored(count=count)
    if points != covenant.total_points:
        raise CovenantPointsMismatch(
            points=number(points),  # "90", "97,5" (normalize() gave "9E+1")
            total=number(covenant.total_points),
            unscored=criteria.filter(max_points=0).count(),
        )


@transaction.atomic
def covenant_document_attach(
    *,
    actor: User,
    covenant: Covenant,
    kind: str,
    title: str,
    adopted_on: datetime.date | KnownDate,
    number: str = "",
    file: UploadedFile | None = None,
) -> CovenantDocument:
    """Attach a paper adopted with the covenant (quy chế hoạt động, phương pháp chấm điểm…) with its
    adoption date as far as known (16.5). Allowed after signing too: it records, it changes nothing
    that was signed."""
    access.require_object(actor, "manage", covenant)
    if kind not in CovenantDocumentKind.values:
        raise ValidationFailed(_("Loại văn bản không hợp lệ."), field="kind")
    known = KnownDate.of(adopted_on)
    title = nfc(title)
    if not title and file is None:
        raise ValidationFailed(_("Cần ghi tên văn bản hoặc tải tệp lên."), field="title")
    document = CovenantDocument(
        covenant=covenant,
        kind=kind,
        number=nfc(number),
        adopted_on=known.start,
        adopted_on_precision=known.precision,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    if file is None:
        document.title = title
        document.save()
        return document
    extension, content_type = check_upload(
        uploaded=file, allowed=ALLOWED_EVIDENCE
    )  # size, extension and content
    original_name = os.path.basename(file.name or "")[:255]
    document.title = title or original_name
    document.original_name = original_name
    document.content_type = content_type
    document.size = file.size or 0
    document.extension = extension
    save_with_file(document, "file", original_name, file)  # upload_to gives a random name
    return document


@transaction.atomic
def covenant_sign(
    *,
    actor: User,
    covenant: Covenant,
    signed_on: datetime.date,
    signatories: dict[int, tuple[str, str]] | None = None,
    version: int | None = None,
) -> Covenant:
    """Record the signing (every member's head signs); the covenant is locked from now on.

    `signatories` maps unit id → (signer name, position) for lines not yet filled in; `version`
    is the covenant's as the signer saw it: nobody signs content changed since (StaleWrite).
    """
    access.require_object(actor, "manage", covenant)
    covenant = _lock(covenant)
    _require_draft(covenant)
    _check_total(covenant)
    _touch(covenant, version)
    for signatory in covenant.signatories.all():
        if signatories and signatory.unit_id in signatories:
            signatory.signer_name, signatory.signer_position = (
                value.strip() for value in signatories[signatory.unit_id]
            )
        signatory.signed = True
        signatory.save()
    covenant.signed_on = signed_on
    covenant.status = CovenantStatus.SIGNED
    covenant.save()
    return covenant


def _snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    data = {}
    for field in fields:
        value = getattr(obj, f"{field}_id" if field == "movement" else field)
        data[field] = str(value) if isinstance(value, Decimal | datetime.date) else value
    return data


AMENDABLE: dict[str, tuple[Any, tuple[str, ...]]] = {
    "covenant": (Covenant, ("slogan", "total_points", "signed_at_place")),
    "group": (CriteriaGroup, GROUP_FIELDS),
    "criterion": (Criterion, CRITERION_FIELDS),
    "rule": (BonusPenaltyRule, RULE_FIELDS),
}


def _amend_target(covenant: Covenant, kind: str, object_id: int | None) -> Any:
    if kind == "covenant":
        return covenant
    model, _fields = AMENDABLE[kind]
    lookup = {"group": "covenant", "criterion": "group__covenant", "rule": "covenant"}[kind]
    obj = model.objects.filter(pk=object_id, **{lookup: covenant}).first()
    if obj is None:
        raise ValidationFailed(_("Không tìm thấy mục cần sửa trong giao ước."), field="changes")
    return obj


@transaction.atomic
def covenant_amend(
    *, actor: User, covenant: Covenant, reason: str, changes: list[dict[str, Any]], version: int | None = None
) -> list[CovenantAmendment]:
    """Change a signed covenant through a recorded amendment (who, when, why, before/after).

    `changes` is a list of {"kind": covenant|group|criterion|rule, "id": pk, "fields": {...}};
    all are applied together, then the points must still add up to the total.
    """
    access.require_object(actor, "manage", covenant)
    covenant = _lock(covenant)
    if not covenant.is_signed:
        raise CovenantNotSigned()
    if not reason.strip():
        raise ValidationFailed(_("Phải nêu lý do sửa đổi, bổ sung giao ước."), field="reason")
    if not changes:
        raise ValidationFailed(_("Chưa có nội dung sửa đổi."), field="changes")
    _touch(covenant, version)  # the amendment was decided on the covenant as `version` showed it
    records = []
    for change in changes:
        kind = change.get("kind", "")
        if kind not in AMENDABLE:
            raise ValidationFailed(_("Loại mục sửa đổi không hợp lệ: {kind}"), field="changes", kind=kind)
        fields = dict(change.get("fields") or {})
        _model, allowed = AMENDABLE[kind]
        _check_fields(fields, allowed)
        if kind == "criterion":
            _check_criterion(fields)
        if kind == "rule":
            _check_rule(fields)
        obj = _amend_target(covenant, kind, change.get("id"))
        before = _snapshot(obj, tuple(fields))
        for field, value in fields.items():
            setattr(obj, field, value.strip() if isinstance(value, str) else value)
        obj.save()
        records.append(
            CovenantAmendment(
                covenant=covenant,
                made_by=actor if getattr(actor, "pk", None) else None,
                reason=reason.strip(),
                target_kind=kind,
                target_id=obj.pk,
                before=before,
                after=_snapshot(obj, tuple(fields)),
            )
        )
    covenant.refresh_from_db()
    _check_total(covenant)
    return CovenantAmendment.objects.bulk_create(records)
