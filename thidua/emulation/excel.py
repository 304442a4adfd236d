"""Excel templates (prefilled per unit), their strict reading, and progress exports (openpyxl).

Reading never trusts the file: it must be a real .xlsx within the size limit, carry our template
marker for the same unit/term/period, have exactly the expected columns, no formulas and numbers
where numbers belong. Every problem is named by sheet, row and column in the user's language (the
sheet and column names as the template spells them).
"""

import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from thidua.core import uploads
from thidua.core.http import XLSX_CONTENT_TYPE
from thidua.core.spreadsheets import append_row
from thidua.core.text import fold

from .errors import ExcelInvalid, UploadRejected
from .models import Direction, Measure

XLSX_TYPE = XLSX_CONTENT_TYPE
MAX_ROWS = 500  # data rows per sheet, named in the error
MAX_COLUMNS = 64  # columns read per row (the templates use at most 9); cells beyond are refused
EXTENT_ROWS = 10_000  # no cell may sit below this row at all (checked before openpyxl opens the file)
DEFAULT_MAX_UNCOMPRESSED = 16 * 1024 * 1024  # a 500-row template is ~200 KB of XML

INFO_SHEET = "Thông tin"
REGISTRATION_KIND = "dang_ky_chi_tieu"
REPORT_KIND = "bao_cao_ky"

TARGET_SHEET = "Chỉ tiêu"
TARGET_COLUMNS = [
    "STT",
    "Mã tiêu chí",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Chiều đánh giá",
    "Cách tính",
    "Chỉ tiêu đăng ký",
    "Ghi chú",
    "Mã số (không sửa)",
]
RESULT_SHEET = "Kết quả"
RESULT_COLUMNS = [
    "STT",
    "Mã số chỉ tiêu (không sửa)",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Chỉ tiêu năm",
    "Kết quả lũy kế đến hết kỳ",
    "Ghi chú",
]
NARRATIVE_SHEET = "Thuyết minh"
NARRATIVE_COLUMNS = ["Nội dung", "Kết quả thực hiện"]
NARRATIVE_ROWS = [
    ("narrative_professional", "Công tác chuyên môn"),
    ("narrative_emulation", "Công tác thi đua – khen thưởng"),
    ("narrative_force_building", "Xây dựng lực lượng, hậu cần – kỹ thuật"),
]

DIRECTION_LABELS: dict[str, str] = {
    Direction.HIGHER: "Càng cao càng tốt",
    Direction.LOWER: "Càng thấp càng tốt",
}
MEASURE_LABELS: dict[str, str] = {Measure.CUMULATIVE: "Cộng dồn", Measure.LEVEL: "Tỷ lệ, mức"}

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="EEF1F5")


def _parse_choice(text: str, labels: dict[str, str]) -> str | None:
    folded = fold(text)
    for value, label in labels.items():
        if folded in (fold(label), fold(value)) or (folded and fold(label).startswith(folded)):
            return value
    return None


def parse_direction(text: str) -> str | None:
    folded = text.strip().lower()
    if folded in ("cao", "tăng"):
        return Direction.HIGHER
    if folded in ("thấp", "giảm"):
        return Direction.LOWER
    return _parse_choice(text, DIRECTION_LABELS)


def parse_measure(text: str) -> str | None:
    return _parse_choice(text, MEASURE_LABELS)


# -- writing -------------------------------------------------------------------------------------


def _header(sheet, columns: list[str], widths: list[int]) -> None:
    append_row(sheet, columns)
    for index, width in enumerate(widths, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def _info(workbook: Workbook, kind: str, rows: list[tuple[str, Any]]) -> None:
    sheet = workbook.create_sheet(INFO_SHEET)
    append_row(sheet, ["Loại mẫu", kind])
    for label, value in rows:
        append_row(sheet, [label, value])
    append_row(sheet, [])
    append_row(
        sheet,
        [
            "Hướng dẫn",
            "Chỉ nhập giá trị (không dùng công thức), không thêm hay đổi tên cột, số nhập dạng số.",
        ],
    )
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 70


def _bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def registration_template(*, term, unit, targets: list, criteria: list) -> bytes:
    """Prefilled: the unit's targets, or one line per target-based criterion of the covenant."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = TARGET_SHEET
    _header(sheet, TARGET_COLUMNS, [6, 12, 60, 14, 20, 14, 16, 30, 12])
    if targets:
        for index, target in enumerate(targets, start=1):
            append_row(
                sheet,
                [
                    index,
                    target.criterion.code if target.criterion else "",
                    target.indicator,
                    target.unit_of_measure,
                    DIRECTION_LABELS[Direction(target.direction)],
                    MEASURE_LABELS[Measure(target.measure)],
                    float(target.target_value),
                    target.note,
                    target.pk,
                ],
            )
    else:
        for index, criterion in enumerate(c for c in criteria if c.method == "target"):
            append_row(
                sheet,
                [
                    index + 1,
                    criterion.code,
                    criterion.title,
                    "",
                    DIRECTION_LABELS[Direction.HIGHER],
                    MEASURE_LABELS[Measure.CUMULATIVE],
                    None,
                    "",
                    None,
                ],
            )
    reference = workbook.create_sheet("Tiêu chí giao ước")
    _header(reference, ["Mã tiêu chí", "Tiêu chí", "Điểm tối đa", "Cách chấm"], [12, 70, 12, 24])
    for criterion in criteria:
        append_row(
            reference,
            [criterion.code, criterion.title, float(criterion.max_points), criterion.get_method_display()],
        )
    _info(
        workbook,
        REGISTRATION_KIND,
        [("Mã cụm-năm", term.pk), ("Mã đơn vị", unit.pk), ("Cụm", str(term)), ("Đơn vị", unit.name)],
    )
    return _bytes(workbook)


def report_template(*, report, targets: list, values: dict) -> bytes:
    """Prefilled with the unit's targets and any values already entered for the period."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = RESULT_SHEET
    _header(sheet, RESULT_COLUMNS, [6, 14, 60, 14, 14, 18, 30])
    for index, target in enumerate(targets, start=1):
        value = values.get(target.pk)
        append_row(
            sheet,
            [
                index,
                target.pk,
                target.indicator,
                target.unit_of_measure,
                float(target.target_value),
                float(value.actual_value) if value else None,
                value.note if value else "",
            ],
        )
    narrative = workbook.create_sheet(NARRATIVE_SHEET)
    _header(narrative, NARRATIVE_COLUMNS, [40, 100])
    for field_name, label in NARRATIVE_ROWS:
        append_row(narrative, [label, getattr(report, field_name)])
    _info(
        workbook,
        REPORT_KIND,
        [
            ("Mã cụm-năm", report.term_id),
            ("Mã đơn vị", report.unit_id),
            ("Mã kỳ", report.period_id),
            ("Cụm", str(report.term)),
            ("Đơn vị", report.unit.name),
            ("Kỳ báo cáo", report.period.label),
        ],
    )
    return _bytes(workbook)


def table_workbook(*, title: str, sheets: list[tuple[str, list[str], list[list[Any]]]]) -> bytes:
    """A plain export: one sheet per (name, header, rows)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, columns, rows in sheets:
        sheet = workbook.create_sheet(name[:31])
        _header(sheet, columns, [max(10, min(60, len(c) + 6)) for c in columns])
        for row in rows:
            append_row(sheet, row)
    workbook.properties.title = title
    return _bytes(workbook)


# -- reading -------------------------------------------------------------------------------------


@dataclass
class Sheet:
    name: str
    rows: list[tuple[int, list[Any]]]  # (row number, values) below the header


@dataclass
class Reader:
    """Collects every problem; the caller raises ExcelInvalid when there is any."""

    errors: list[str] = field(default_factory=list)

    def error(self, sheet: str, row: int, column: int | None, message: Any, header: str = "") -> None:
        """Sheet names and headers stay as in the template (they name the file's parts)."""
        if column is None:
            text = gettext("Trang tính “{sheet}”, dòng {row}: {message}")
        elif header:
            text = gettext("Trang tính “{sheet}”, dòng {row}, cột {column} ({header}): {message}")
        else:
            text = gettext("Trang tính “{sheet}”, dòng {row}, cột {column}: {message}")
        column_letter = get_column_letter(column) if column is not None else ""
        self.errors.append(
            text.format(sheet=sheet, row=row, column=column_letter, header=header, message=message)
        )

    def number(
        self, sheet: Sheet, row: int, column: int, header: str, value: Any, *, required: bool
    ) -> Decimal | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(sheet.name, row, column, _("chưa nhập số."), header)
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            self.error(
                sheet.name,
                row,
                column,
                format_lazy(_("phải là số, không phải chữ “{value}”."), value=str(value)[:40]),
                header,
            )
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            self.error(sheet.name, row, column, _("không phải là số hợp lệ."), header)
            return None
        if not number.is_finite() or number < 0:
            self.error(sheet.name, row, column, _("phải là số không âm."), header)
            return None
        if abs(number) >= Decimal("1e12"):
            self.error(sheet.name, row, column, _("số quá lớn."), header)
            return None
        return number.quantize(Decimal("0.01"))

    def text(self, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def integer(self, sheet: Sheet, row: int, column: int, header: str, value: Any) -> int | None:
        if value is None or value == "":
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        self.error(
            sheet.name,
            row,
            column,
            format_lazy(_("phải là số nguyên, không phải “{value}”."), value=str(value)[:40]),
            header,
        )
        return None


@dataclass
class Upload:
    """What an uploaded template holds, read before any transaction opens."""

    info: dict[str, Any]
    sheets: dict[str, Sheet | None]
    reader: Reader


def max_uncompressed_bytes() -> int:
    return int(getattr(settings, "THIDUA_EXCEL_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED))


def read_upload(uploaded: Any, sheets: list[tuple[str, list[str]]]) -> Upload:
    """Check the file (core.uploads: type, size, zip package, extent), then read the sheets.

    Runs outside any transaction: the callers open their write transaction only for the rows
    this returns. openpyxl reads in read-only (streaming) mode with the rows and columns bounded,
    so memory follows the (capped) size of the file, never the dimensions it claims.
    """
    name = getattr(uploaded, "name", "") or ""
    uploads.check_upload(uploaded, allowed=["xlsx"], max_uncompressed=max_uncompressed_bytes())
    uploads.check_xlsx_extent(uploaded, max_rows=EXTENT_ROWS, max_columns=MAX_COLUMNS, name=name)
    content = uploads.read_bytes(uploaded)
    invalid = UploadRejected(_("Tệp “{name}” không phải tệp Excel .xlsx hợp lệ."), field="file", name=name)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception:
        raise invalid from None
    try:
        reader = Reader()
        info = read_info(workbook, reader)
        found = {sheet: read_sheet(workbook, sheet, columns, reader) for sheet, columns in sheets}
    except Exception:  # openpyxl parses lazily: a broken sheet fails here
        raise invalid from None
    finally:
        workbook.close()
    return Upload(info=info, sheets=found, reader=reader)


def read_info(workbook, reader: Reader) -> dict[str, Any]:
    if INFO_SHEET not in workbook.sheetnames:
        reader.errors.append(
            gettext("Thiếu trang tính “{sheet}”: hãy dùng mẫu tải về từ hệ thống.").format(sheet=INFO_SHEET)
        )
        return {}
    info = {}
    for row in workbook[INFO_SHEET].iter_rows(min_row=1, max_row=20, max_col=2, values_only=True):
        if row and row[0]:
            info[str(row[0]).strip()] = row[1]
    return info


def read_sheet(workbook, name: str, columns: list[str], reader: Reader) -> Sheet | None:
    """The sheet's data rows after checking the header and refusing formulas anywhere in it."""
    if name not in workbook.sheetnames:
        reader.errors.append(
            gettext("Thiếu trang tính “{sheet}”: hãy dùng mẫu tải về từ hệ thống.").format(sheet=name)
        )
        return None
    worksheet = workbook[name]
    worksheet.reset_dimensions()  # the <dimension> a file declares may lie: read what is there
    sheet = Sheet(name=name, rows=[])
    header: list[str] = []
    for row_number, row in enumerate(worksheet.iter_rows(min_row=1, max_col=MAX_COLUMNS), start=1):
        values = [cell.value for cell in row]
        empty = all(v is None or (isinstance(v, str) and not v.strip()) for v in values)
        if row_number > MAX_ROWS + 1 and not empty:
            reader.error(
                name, row_number, None, format_lazy(_("quá nhiều dòng (tối đa {count})."), count=MAX_ROWS)
            )
            return None
        for column, cell in enumerate(row, start=1):
            value = cell.value
            if cell.data_type == "f" or (isinstance(value, str) and value.lstrip().startswith("=")):
                reader.error(
                    name,
                    row_number,
                    column,
                    _("không được dùng công thức (ô bắt đầu bằng “=”), chỉ nhập giá trị."),
                )
        if row_number == 1:
            header = [reader.text(value) for value in values]
            continue
        if empty:
            continue
        values = values[: len(columns)] + [None] * (len(columns) - len(values))
        sheet.rows.append((row_number, values))
    while header and header[-1] == "":
        header.pop()
    for index, expected in enumerate(columns, start=1):
        actual = header[index - 1] if index <= len(header) else ""
        if actual != expected:
            reader.error(
                name,
                1,
                index,
                format_lazy(
                    _("sai cột: phải là “{expected}”, tệp có “{actual}”."),
                    expected=expected,
                    actual=actual or _("(trống)"),
                ),
            )
    for index in range(len(columns) + 1, len(header) + 1):
        reader.error(
            name, 1, index, format_lazy(_("cột thừa “{name}” không có trong mẫu."), name=header[index - 1])
        )
    return sheet


def raise_if_errors(reader: Reader) -> None:
    if reader.errors:
        raise ExcelInvalid(reader.errors)
