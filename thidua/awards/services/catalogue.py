"""The board's edits of the award catalogue (16.2): add an entry, edit it, or open a new version.

History is never rewritten silently. An entry that award records, proposal candidates or counts
without names already use keeps what it meant when they were made: changing what it is (name,
category, recipient, conferring authority, level, statistics group, rank, service years, legal basis)
needs the year the change applies from, and then the old entry is closed at the year before and a new
version opens from that year (`replaces` = the old one, rules copied, code `<code>-<year>` unless one
is given). Notes, the short name and the UNVERIFIED flag are corrected in place (the history table keeps
the former values); the validity years too, as long as every use stays inside them.
"""

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Min
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.core.errors import ValidationFailed
from thidua.core.text import clean_code, nfc
from thidua.core.versioning import version_claim

from ..errors import AwardTypeCodeTaken, AwardTypeInUse, AwardTypeUsedInYears
from ..models import (
    AuthorityLevel,
    AwardCategory,
    AwardCount,
    AwardRecord,
    AwardType,
    CriterionRule,
    LegalBasis,
    ProposalCandidate,
    RecipientKind,
    StateAwardKind,
)
from ..policy import require_manage_catalogue

# What an entry is: changing one of these on an entry in use makes a new version.
MEANING_FIELDS = (
    "name",
    "category",
    "recipient_kind",
    "authority",
    "level",
    "state_kind",
    "rank",
    "min_service_years",
    "legal_basis",
)
# Corrected in place (validity years only while every use stays inside them).
IN_PLACE_FIELDS = ("short_name", "note", "is_verified", "valid_from_year", "valid_to_year")
FIELD_LABELS = {
    "name": _("tên"),
    "category": _("loại"),
    "recipient_kind": _("đối tượng"),
    "authority": _("cấp có thẩm quyền"),
    "level": _("cấp khen thưởng"),
    "state_kind": _("nhóm thống kê"),
    "rank": _("thứ bậc"),
    "min_service_years": _("số năm công tác"),
    "legal_basis": _("căn cứ pháp lý"),
}
CHOICES = {
    "category": AwardCategory,
    "recipient_kind": RecipientKind,
    "level": AuthorityLevel,
    "state_kind": StateAwardKind,
}
MIN_YEAR, MAX_YEAR = 1945, 2100
LIMITS = {"name": 255, "short_name": 80, "authority": 160, "note": 2000}


def award_type_uses(*, award_type: AwardType) -> dict[str, Any]:
    """How many records, candidates and counts use the entry, and the years they span (3 queries)."""
    spans = [
        AwardRecord.objects.filter(award_type=award_type).aggregate(
            n=Count("pk"), lo=Min("year"), hi=Max("year")
        ),
        ProposalCandidate.objects.filter(award_type=award_type).aggregate(
            n=Count("pk"), lo=Min("batch__year"), hi=Max("batch__year")
        ),
        AwardCount.objects.filter(award_type=award_type).aggregate(
            n=Count("pk"), lo=Min("year"), hi=Max("year")
        ),
    ]
    years = [year for span in spans for year in (span["lo"], span["hi"]) if year is not None]
    return {
        "records": spans[0]["n"],
        "candidates": spans[1]["n"],
        "counts": spans[2]["n"],
        "first_year": min(years) if years else None,
        "last_year": max(years) if years else None,
    }


def _uses_text(uses: dict[str, Any]) -> str:
    parts = []
    if uses["records"]:
        parts.append(gettext("%(n)s bản ghi khen thưởng") % {"n": uses["records"]})
    if uses["candidates"]:
        parts.append(gettext("%(n)s người, tập thể được đề nghị") % {"n": uses["candidates"]})
    if uses["counts"]:
        parts.append(gettext("%(n)s số lượng khen thưởng") % {"n": uses["counts"]})
    return ", ".join(parts)


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """Field checks the forms and schemas make too, repeated for every caller (hostile input → 422)."""
    cleaned = dict(values)
    for name, limit in LIMITS.items():
        if name in cleaned and cleaned[name] is not None:
            text = nfc(str(cleaned[name])).strip()
            if "\x00" in text or len(text) > limit:
                raise ValidationFailed(_("Giá trị quá dài hoặc chứa ký tự không hợp lệ."), field=name)
            cleaned[name] = text
    for name in ("name", "authority"):
        if name in cleaned and not cleaned[name]:
            raise ValidationFailed(_("Trường này không được để trống."), field=name)
    for name, choices in CHOICES.items():
        if name in cleaned and cleaned[name] not in choices.values:
            raise ValidationFailed(_("Giá trị không có trong danh sách chọn."), field=name)
    for name in ("valid_from_year", "valid_to_year"):
        year = cleaned.get(name)
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            raise ValidationFailed(
                _("Năm phải từ {low} đến {high}."), field=name, low=MIN_YEAR, high=MAX_YEAR
            )
    for name, high in (("rank", 1000), ("min_service_years", 80)):
        value = cleaned.get(name)
        if value is not None and not 0 <= value <= high:
            raise ValidationFailed(_("Giá trị phải từ 0 đến {high}."), field=name, high=high)
    basis = cleaned.get("legal_basis")
    if basis is not None and not isinstance(basis, LegalBasis):
        raise ValidationFailed(_("Không có căn cứ pháp lý này."), field="legal_basis")
    return cleaned


def _check_span(award_type: AwardType) -> None:
    low, high = award_type.valid_from_year, award_type.valid_to_year
    if low is not None and high is not None and high < low:
        raise ValidationFailed(
            _("Năm kết thúc áp dụng phải sau hoặc bằng năm bắt đầu."), field="valid_to_year"
        )
    basis = award_type.legal_basis
    if basis is None:
        return
    if (low is not None and basis.effective_to is not None and low > basis.effective_to.year) or (
        high is not None and high < basis.effective_from.year
    ):
        raise ValidationFailed(
            _("Thời gian áp dụng {low}–{high} nằm ngoài thời gian hiệu lực của {basis}."),
            field="legal_basis",
            low=low or "…",
            high=high or "…",
            basis=basis.code,
        )


def _save_new(award_type: AwardType) -> AwardType:
    taken = AwardType.objects.filter(code=award_type.code).first()
    if taken is not None:
        raise AwardTypeCodeTaken(field="code", code=award_type.code, award=taken.name)
    try:
        with transaction.atomic():
            award_type.save()
    except IntegrityError:
        raise AwardTypeCodeTaken(field="code", code=award_type.code, award=award_type.name) from None
    return award_type


@transaction.atomic
def award_type_create(
    *,
    actor: User,
    code: str,
    name: str,
    category: str,
    recipient_kind: str,
    authority: str,
    level: str,
    legal_basis: LegalBasis | None = None,
    short_name: str = "",
    state_kind: str = "",
    valid_from_year: int | None = None,
    valid_to_year: int | None = None,
    rank: int = 0,
    min_service_years: int | None = None,
    is_verified: bool = False,
    note: str = "",
) -> AwardType:
    """A new title or form in the catalogue (the board at the top of the tree, or an administrator).

    `is_verified` is False unless the board says it checked the legal text: an entry is UNVERIFIED
    until someone vouches for it (DOMAIN.md)."""
    require_manage_catalogue(actor)
    code = clean_code((code or "").strip())
    if not code or len(code) > 40:
        raise ValidationFailed(_("Mã phải có từ 1 đến 40 ký tự."), field="code")
    values = _clean(
        {
            "name": name,
            "short_name": short_name,
            "category": category,
            "recipient_kind": recipient_kind,
            "authority": authority,
            "level": level,
            "state_kind": state_kind,
            "valid_from_year": valid_from_year,
            "valid_to_year": valid_to_year,
            "rank": rank,
            "min_service_years": min_service_years,
            "legal_basis": legal_basis,
            "note": note,
        }
    )
    award_type = AwardType(code=code, is_verified=bool(is_verified), **values)
    _check_span(award_type)
    return _save_new(award_type)


def _changed(award_type: AwardType, changes: dict[str, Any]) -> dict[str, Any]:
    return {
        name: value
        for name, value in changes.items()
        if name in MEANING_FIELDS + IN_PLACE_FIELDS and getattr(award_type, name) != value
    }


def _uses_outside(uses: dict[str, Any], low: int | None, high: int | None) -> list[int]:
    years = [y for y in (uses["first_year"], uses["last_year"]) if y is not None]
    return [y for y in years if (low is not None and y < low) or (high is not None and y > high)]


@transaction.atomic
def award_type_update(
    *,
    actor: User,
    award_type: AwardType,
    version: int | None = None,
    effective_year: int | None = None,
    new_code: str = "",
    **changes: Any,
) -> AwardType:
    """Edit an entry; returns the entry as it now stands (the new version when one was opened).

    - unused entry: every field in place;
    - used entry, only notes / short name / UNVERIFIED flag / validity years: in place (the years must
      keep every use inside them);
    - used entry whose meaning changes: `effective_year` is required (else AwardTypeInUse, 409); no use
      may be of that year or later (AwardTypeUsedInYears, 409); the old entry ends at effective_year−1
      and a new version starts at effective_year with the changes.
    """
    require_manage_catalogue(actor)
    locked = (
        AwardType.objects.select_for_update(of=("self",)).select_related("legal_basis").get(pk=award_type.pk)
    )
    unknown = set(changes) - set(MEANING_FIELDS + IN_PLACE_FIELDS)
    if unknown:
        raise ValidationFailed(_("Không sửa được trường này."), field=sorted(unknown)[0])
    changed = _changed(locked, _clean(changes))
    version_claim(locked, version, shown=lambda row: f"{row.name} ({row.authority})")
    if not changed:
        return locked
    uses = award_type_uses(award_type=locked)
    in_use = bool(uses["records"] or uses["candidates"] or uses["counts"])
    meaning = [name for name in changed if name in MEANING_FIELDS]
    if in_use and meaning:
        if effective_year is None:
            raise AwardTypeInUse(
                field="effective_year",
                award=locked.name,
                uses=_uses_text(uses),
                fields=", ".join(str(FIELD_LABELS[name]) for name in meaning),
            )
        return _new_version(locked, changed, uses, effective_year, new_code)
    for name, value in changed.items():
        setattr(locked, name, value)
    _check_span(locked)
    outside = _uses_outside(uses, locked.valid_from_year, locked.valid_to_year) if in_use else []
    if outside:
        raise AwardTypeUsedInYears(
            field="valid_from_year"
            if locked.valid_from_year and min(outside) < locked.valid_from_year
            else "valid_to_year",
            award=locked.name,
            years=", ".join(str(y) for y in sorted(set(outside))),
            reason=gettext("thời gian áp dụng mới không được loại các năm đó ra."),
        )
    locked.save()
    return locked


def _new_version(
    old: AwardType, changed: dict[str, Any], uses: dict[str, Any], effective_year: int, new_code: str
) -> AwardType:
    if not MIN_YEAR <= effective_year <= MAX_YEAR:
        raise ValidationFailed(
            _("Năm phải từ {low} đến {high}."), field="effective_year", low=MIN_YEAR, high=MAX_YEAR
        )
    if old.valid_from_year is not None and effective_year <= old.valid_from_year:
        raise ValidationFailed(
            _("Năm áp dụng thay đổi phải sau năm bắt đầu áp dụng của phiên bản hiện tại ({year})."),
            field="effective_year",
            year=old.valid_from_year,
        )
    if uses["last_year"] is not None and uses["last_year"] >= effective_year:
        raise AwardTypeUsedInYears(
            field="effective_year",
            award=old.name,
            years=f"{max(effective_year, uses['first_year'])}–{uses['last_year']}",
            reason=gettext("chọn năm áp dụng thay đổi sau năm %(year)s.") % {"year": uses["last_year"]},
        )
    code = clean_code((new_code or f"{old.code}-{effective_year}").strip(), field="new_code")
    if len(code) > 40:
        raise ValidationFailed(_("Mã phải có từ 1 đến 40 ký tự."), field="new_code")
    successor = AwardType(
        code=code,
        **{name: getattr(old, name) for name in MEANING_FIELDS + IN_PLACE_FIELDS},
        replaces=old,
    )
    for name, value in changed.items():
        setattr(successor, name, value)
    successor.valid_from_year = effective_year
    if "valid_to_year" not in changed:
        successor.valid_to_year = old.valid_to_year
    _check_span(successor)
    old.valid_to_year = effective_year - 1
    old.save()
    _save_new(successor)
    CriterionRule.objects.bulk_create(
        CriterionRule(
            legal_basis_id=rule.legal_basis_id,
            award_type=successor,
            rule_key=rule.rule_key,
            params=rule.params,
            citation=rule.citation,
            text=rule.text,
            is_verified=rule.is_verified,
            order=rule.order,
        )
        for rule in CriterionRule.objects.filter(award_type=old)
    )
    return successor
