"""Upload of the prefilled Excel templates: all rows validated first, then saved in one transaction.

The file is checked and parsed BEFORE any transaction opens (on SQLite a write transaction holds
the database's one write lock, so a slow parse inside it would block every other writer); the
write transaction then only applies the validated rows, re-checking what may have changed.
"""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterTerm, Unit

from .. import excel
from ..errors import ExcelInvalid
from ..models import Criterion, PeriodReport, Target, TargetRegistration
from .submissions import (
    _lock_registration,
    _require_editable,
    _require_member,
    registration_open,
    report_save,
    report_targets,
    target_add,
    target_delete,
    target_update,
)


def _check_info(reader: excel.Reader, info: dict[str, Any], kind: str, expected: dict[str, int]) -> None:
    if not info:
        return
    if info.get("Loại mẫu") != kind:
        if kind == excel.REGISTRATION_KIND:
            text = gettext("Trang tính “{sheet}”: đây không phải mẫu đăng ký chỉ tiêu của hệ thống.")
        else:
            text = gettext("Trang tính “{sheet}”: đây không phải mẫu báo cáo kỳ của hệ thống.")
        reader.errors.append(text.format(sheet=excel.INFO_SHEET))
        return
    for label, value in expected.items():
        if info.get(label) != value:
            reader.errors.append(
                gettext(
                    "Trang tính “{sheet}”: “{label}” là {found}, "
                    "không khớp với hồ sơ đang mở ({expected}); hãy tải đúng mẫu của đơn vị."
                ).format(sheet=excel.INFO_SHEET, label=label, found=info.get(label), expected=value)
            )


def _target_row(
    reader: excel.Reader,
    sheet: excel.Sheet,
    row_number: int,
    values: Any,
    criteria: dict[str, Criterion],
    existing: dict[int, Target],
    *,
    order: int,
) -> dict[str, Any]:
    """One row of the targets sheet, parsed; each invalid cell is an error of `reader`."""
    headers = excel.TARGET_COLUMNS
    _order, code, indicator, uom, direction, measure, target_value, note, target_id = values
    parsed: dict[str, Any] = {"order": order}
    code_text = reader.text(code)
    if code_text and code_text not in criteria:
        reader.error(
            sheet.name,
            row_number,
            2,
            format_lazy(_("không có tiêu chí mã “{code}” trong giao ước."), code=code_text),
            headers[1],
        )
    parsed["criterion"] = criteria.get(code_text)
    parsed["indicator"] = reader.text(indicator)
    if not parsed["indicator"]:
        reader.error(sheet.name, row_number, 3, _("chưa nhập tên chỉ tiêu."), headers[2])
    parsed["unit_of_measure"] = reader.text(uom)
    if not parsed["unit_of_measure"]:
        reader.error(sheet.name, row_number, 4, _("chưa nhập đơn vị tính."), headers[3])
    parsed["direction"] = excel.parse_direction(reader.text(direction))
    if parsed["direction"] is None:
        reader.error(
            sheet.name,
            row_number,
            5,
            _("phải là “Càng cao càng tốt” hoặc “Càng thấp càng tốt”."),
            headers[4],
        )
    parsed["measure"] = excel.parse_measure(reader.text(measure))
    if parsed["measure"] is None:
        reader.error(sheet.name, row_number, 6, _("phải là “Cộng dồn” hoặc “Tỷ lệ, mức”."), headers[5])
    parsed["target_value"] = reader.number(sheet, row_number, 7, headers[6], target_value, required=True)
    parsed["note"] = reader.text(note)[:500]
    identifier = reader.integer(sheet, row_number, 9, headers[8], target_id)
    if identifier is not None and identifier not in existing:
        reader.error(
            sheet.name,
            row_number,
            9,
            format_lazy(_("mã số {id} không phải chỉ tiêu của đơn vị."), id=identifier),
            headers[8],
        )
    parsed["id"] = identifier
    return parsed


def registration_import(*, actor: User, term: ClusterTerm, unit: Unit, uploaded: Any) -> TargetRegistration:
    """Replace the unit's targets with the rows of the uploaded template (rows with "Mã số" update)."""
    access.require(actor, Action.EDIT, unit)
    _require_member(term, unit)
    current = TargetRegistration.objects.filter(term=term, unit=unit).first()
    if current is not None:
        _require_editable(current)  # refuse before reading the file
    upload = excel.read_upload(uploaded, [(excel.TARGET_SHEET, excel.TARGET_COLUMNS)])
    reader = excel.Reader()  # the template's identity first, then what reading the sheets found
    _check_info(
        reader,
        upload.info,
        excel.REGISTRATION_KIND,
        {"Mã cụm-năm": term.pk, "Mã đơn vị": unit.pk},
    )
    reader.errors += upload.reader.errors
    sheet = upload.sheets[excel.TARGET_SHEET]
    criteria = {c.code: c for c in Criterion.objects.filter(group__covenant__term=term)}
    existing = {t.pk: t for t in current.targets.all()} if current is not None else {}
    rows: list[dict[str, Any]] = []
    if sheet is not None:
        for row_number, values in sheet.rows:
            rows.append(
                _target_row(reader, sheet, row_number, values, criteria, existing, order=len(rows) + 1)
            )
        if not rows and not reader.errors:
            reader.error(sheet.name, 2, None, _("chưa có chỉ tiêu nào."))
        seen = [r["id"] for r in rows if r["id"] is not None]
        if len(seen) != len(set(seen)):
            reader.errors.append(
                gettext("Trang tính “{sheet}”: một mã số chỉ tiêu xuất hiện ở nhiều dòng.").format(
                    sheet=sheet.name
                )
            )
    excel.raise_if_errors(reader)
    return _registration_apply(actor=actor, term=term, unit=unit, rows=rows)


@transaction.atomic
def _registration_apply(
    *, actor: User, term: ClusterTerm, unit: Unit, rows: list[dict[str, Any]]
) -> TargetRegistration:
    """The write transaction: only validated rows, after re-checking what a concurrent edit may change."""
    registration = _lock_registration(registration_open(actor=actor, term=term, unit=unit))
    _require_editable(registration)
    existing = {t.pk: t for t in registration.targets.all()}
    stale = sorted(r["id"] for r in rows if r["id"] is not None and r["id"] not in existing)
    if stale:
        raise ExcelInvalid(
            [
                gettext(
                    "Chỉ tiêu mã số {ids} vừa bị xóa khỏi bản đăng ký trong lúc tải tệp lên; "
                    "hãy tải lại mẫu và nhập lại."
                ).format(ids=", ".join(map(str, stale)))
            ]
        )
    kept = {r["id"] for r in rows if r["id"] is not None}
    for target_id, target in existing.items():
        if target_id not in kept:
            target_delete(actor=actor, target=target)
    for row in rows:
        identifier = row.pop("id")
        if identifier is not None:
            target_update(actor=actor, target=existing[identifier], **row)
        else:
            target_add(actor=actor, registration=registration, **row)
    registration.refresh_from_db()
    return registration


def report_import(*, actor: User, report: PeriodReport, uploaded: Any) -> PeriodReport:
    """Fill the report's values and narratives from the uploaded template.

    Parsed outside any transaction; `report_save` then locks the report, re-checks that it is
    editable and that every target still belongs to it, and writes in one transaction.
    """
    access.require(actor, Action.EDIT, report.unit)
    _require_editable(report)  # refuse before reading the file
    upload = excel.read_upload(
        uploaded,
        [(excel.RESULT_SHEET, excel.RESULT_COLUMNS), (excel.NARRATIVE_SHEET, excel.NARRATIVE_COLUMNS)],
    )
    reader = excel.Reader()  # the template's identity first, then what reading the sheets found
    _check_info(
        reader,
        upload.info,
        excel.REPORT_KIND,
        {"Mã cụm-năm": report.term_id, "Mã đơn vị": report.unit_id, "Mã kỳ": report.period_id},
    )
    reader.errors += upload.reader.errors
    sheet = upload.sheets[excel.RESULT_SHEET]
    narrative_sheet = upload.sheets[excel.NARRATIVE_SHEET]
    targets: dict[int, Target] = {t.pk: t for t in report_targets(report=report)}
    values: dict[int, Decimal | None] = {}
    notes: dict[int, str] = {}
    if sheet is not None:
        headers = excel.RESULT_COLUMNS
        for row_number, row in sheet.rows:
            identifier = reader.integer(sheet, row_number, 2, headers[1], row[1])
            if identifier is None or identifier not in targets:
                reader.error(
                    sheet.name,
                    row_number,
                    2,
                    _("mã số chỉ tiêu không có trong bản đăng ký của đơn vị."),
                    headers[1],
                )
                continue
            if identifier in values:
                reader.error(
                    sheet.name,
                    row_number,
                    2,
                    format_lazy(_("chỉ tiêu mã số {id} bị lặp."), id=identifier),
                    headers[1],
                )
                continue
            values[identifier] = reader.number(sheet, row_number, 6, headers[5], row[5], required=False)
            notes[identifier] = reader.text(row[6])[:500]
    narratives: dict[str, str] = {}
    if narrative_sheet is not None:
        labels = {label: field for field, label in excel.NARRATIVE_ROWS}
        for row_number, row in narrative_sheet.rows:
            label = reader.text(row[0])
            if label not in labels:
                reader.error(
                    narrative_sheet.name,
                    row_number,
                    1,
                    format_lazy(_("nội dung “{label}” không có trong mẫu."), label=label),
                    excel.NARRATIVE_COLUMNS[0],
                )
                continue
            narratives[labels[label]] = reader.text(row[1])
    excel.raise_if_errors(reader)
    # The labels map to the report's narrative field names only (never "version"): the import is not
    # a stale-write check, the report row is locked by report_save.
    return report_save(actor=actor, report=report, values=values, notes=notes, **narratives)  # type: ignore[arg-type]
