"""R12 (issue 17.9): the record an achievement cites — a period report, an initiative, a cluster ballot or an
earlier decision — checked to exist and to concern the candidate's unit; the engine compares these records,
not the folded text of the summary."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from thidua.emulation.models import ModelInitiative, PeriodReport
from thidua.organisation.models import Unit
from thidua.voting.models import Ballot

from ..errors import SourceInvalid
from ..models import Decision

SOURCE_KINDS: dict[str, tuple[type[Model], Any]] = {
    "report": (PeriodReport, _("báo cáo thi đua")),
    "initiative": (ModelInitiative, _("sáng kiến, mô hình")),
    "ballot": (Ballot, _("kết quả bỏ phiếu của hội nghị cụm")),
    "decision": (Decision, _("quyết định khen thưởng")),
}


def _concerns(kind: str, source: Any, unit: Unit) -> bool:
    if kind in ("report", "initiative"):
        return source.unit_id == unit.pk or source.unit.path.startswith(unit.path)
    if kind == "ballot":
        return source.options.filter(unit=unit).exists()
    return source.records.filter(unit=unit).exists()


def source_resolve(*, kind: str, source_id: int | None, unit: Unit) -> Model | None:
    """The cited record, or None when none is cited; a wrong kind, an absent id or a record of another unit
    is refused with the same message (no existence oracle)."""
    if not kind and source_id is None:
        return None
    if kind not in SOURCE_KINDS:
        raise SourceInvalid(
            field="source_kind", reason=_("loại nguồn phải là báo cáo, sáng kiến, phiếu bầu hoặc quyết định")
        )
    if source_id is None or not 0 < source_id < 2**63:
        raise SourceInvalid(field="source_id", reason=_("cần số hiệu của bản ghi nguồn"))
    model, _label = SOURCE_KINDS[kind]
    source = model._default_manager.filter(pk=source_id).first()
    if source is None or not _concerns(kind, source, unit):
        raise SourceInvalid(field="source_id", reason=_("không có bản ghi nguồn này của đơn vị được đề nghị"))
    return source


def source_fields(*, source: Model | None) -> dict[str, Any]:
    if source is None:
        return {}
    return {"source_type": ContentType.objects.get_for_model(source), "source_id": source.pk}
