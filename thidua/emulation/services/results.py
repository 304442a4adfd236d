"""Results the papers count (16.7): per member unit or for the cluster as a whole, with the paper's
precision and qualifier ("gần 95 %"), never rounded into an exact claim."""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.core.errors import ValidationFailed
from thidua.core.text import nfc
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterTerm, Unit

from ..errors import NotAMember
from ..models import ResultMeasure, ResultQualifier, TermResult

MAX_VALUE = Decimal("9999999999999999.99")  # DecimalField(max_digits=18, decimal_places=2)


def _check(measure: str, qualifier: str, value: Decimal) -> None:
    if measure not in ResultMeasure.values:
        raise ValidationFailed(_("Loại kết quả không hợp lệ."), field="measure")
    if qualifier not in ResultQualifier.values:
        raise ValidationFailed(_("Mức chính xác không hợp lệ."), field="qualifier")
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValidationFailed(_("Số liệu phải là một số."), field="value")
    if value < 0:
        raise ValidationFailed(_("Số liệu không được âm."), field="value")
    if value > MAX_VALUE:
        raise ValidationFailed(_("Số liệu quá lớn."), field="value")
    if value != value.quantize(Decimal("0.01")):
        raise ValidationFailed(_("Số liệu có tối đa 2 chữ số thập phân."), field="value")


@transaction.atomic
def term_result_check(*, actor: User, term: ClusterTerm) -> None:
    """Who may record a term's results: asked before the form is read, so a refused user gets 403, not 422."""
    access.require_term(actor, Action.MANAGE_TERM, term)


def term_result_record(
    *,
    actor: Any,
    term: ClusterTerm,
    measure: str,
    label: str,
    value: Decimal,
    unit: Unit | None = None,
    unit_of_measure: str = "",
    qualifier: str = ResultQualifier.EXACT,
    target_authority: str = "",
    period_label: str = "",
    source: str = "",
) -> TermResult:
    """Record one counted result; `unit` None is the cluster as a whole. The term's managers record
    what the cluster's papers state (the leader unit's staff, the owner's board)."""
    access.require_term(actor, Action.MANAGE_TERM, term)
    _check(measure, qualifier, value)
    if unit is not None and not term.memberships.filter(unit=unit).exists():
        raise NotAMember(field="unit", unit=unit, term=term)
    label = nfc(label)
    if not label:
        raise ValidationFailed(_("Cần ghi nội dung kết quả."), field="label")
    return TermResult.objects.create(
        term=term,
        unit=unit,
        measure=measure,
        label=label,
        value=value,
        unit_of_measure=nfc(unit_of_measure),
        qualifier=qualifier,
        target_authority=nfc(target_authority),
        period_label=nfc(period_label),
        source=nfc(source),
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )


@transaction.atomic
def term_result_delete(*, actor: Any, result: TermResult) -> None:
    access.require_term(actor, Action.MANAGE_TERM, result.term)
    result.delete()
