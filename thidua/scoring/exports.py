"""Excel exports (openpyxl) of a leaderboard and of a score sheet, built from selector results.

Every row goes through `core.spreadsheets.append_row`: unit names, reasons and criterion titles are
string cells, never formulas (issue 13.7).
"""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from thidua.core.spreadsheets import append_row

from .models import ScoreLine, ScoreSheet
from .selectors import LeaderRow

HEADER_FILL = PatternFill("solid", fgColor="EEF1F5")
BOLD = Font(name="Times New Roman", bold=True)
NORMAL = Font(name="Times New Roman")


def _sheet_header(ws, title: str, subtitle: str, headers: list[str]) -> None:
    append_row(ws, [title])
    append_row(ws, [subtitle])
    append_row(ws, [])
    append_row(ws, headers)
    ws["A1"].font = Font(name="Times New Roman", bold=True, size=14)
    ws["A2"].font = Font(name="Times New Roman", italic=True)
    for column in range(1, len(headers) + 1):
        cell = ws.cell(row=4, column=column)
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _finish(ws, widths: list[int]) -> bytes:
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A5"
    buffer = BytesIO()
    ws.parent.save(buffer)
    return buffer.getvalue()


def leaderboard_xlsx(*, title: str, subtitle: str, rows: Iterable[LeaderRow]) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Xep hang"
    headers = [
        "Hạng",
        "Đơn vị",
        "Điểm tự chấm",
        "Điểm tiêu chí",
        "Điểm thưởng",
        "Điểm trừ",
        "Tổng điểm",
        "Xếp loại",
        "Ghi chú",
    ]
    _sheet_header(ws, title, subtitle, headers)
    for row in rows:
        notes = []
        if row.tied:
            notes.append("Đồng hạng với " + ", ".join(row.tied_with))
        elif row.decided_by and row.decided_by != "total":
            notes.append("Xếp sau vì " + (row.decided_by_label or row.decided_by))
        if row.capped_by:
            notes.append("Không xếp Xuất sắc: " + ", ".join(row.capped_by))
        append_row(
            ws,
            [
                row.rank,
                row.unit_name,
                float(row.self_total),
                float(row.criteria_total),
                float(row.bonus),
                float(row.penalty),
                float(row.total),
                row.band_label,
                "; ".join(notes),
            ],
        )
    for line in ws.iter_rows(min_row=5):
        for cell in line:
            cell.font = NORMAL
    return _finish(ws, [7, 36, 12, 12, 12, 12, 12, 14, 50])


def sheet_xlsx(*, sheet: ScoreSheet, lines: Iterable[ScoreLine], adjustments: Iterable) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Bang diem"
    headers = [
        "Mã",
        "Tiêu chí",
        "Điểm tối đa",
        "Tự động",
        "Tự chấm",
        "Kiểm tra chéo đề xuất",
        "Cụm thẩm định",
        "Điểm tính",
        "Chênh lệch",
        "Lý do điều chỉnh",
    ]
    _sheet_header(
        ws, f"BẢNG ĐIỂM THI ĐUA – {sheet.unit.name.upper()}", f"{sheet.term} · {sheet.period.label}", headers
    )

    def number(value):
        return float(value) if value is not None else None

    for line in lines:
        append_row(
            ws,
            [
                line.criterion.code,
                line.criterion.title,
                number(line.max_points),
                number(line.auto_points),
                number(line.self_points),
                number(line.proposed_points),
                number(line.assessed_points),
                number(line.points),
                number(line.difference),
                line.difference_reason,
            ],
        )
    append_row(ws, [])
    for adjustment in adjustments:
        sign = 1 if adjustment.kind == "bonus" else -1
        append_row(
            ws,
            [
                "",
                f"{adjustment.get_kind_display()}: {adjustment.reason}",
                None,
                None,
                None,
                None,
                None,
                sign * float(adjustment.points),
            ],
        )
    append_row(ws, [])
    append_row(
        ws,
        [
            "",
            "Tổng điểm tiêu chí",
            None,
            None,
            number(sheet.self_total),
            None,
            None,
            number(sheet.criteria_total),
        ],
    )
    append_row(
        ws, ["", "Điểm thưởng (đã giới hạn)", None, None, None, None, None, number(sheet.bonus_points)]
    )
    append_row(ws, ["", "Điểm trừ (đã giới hạn)", None, None, None, None, None, -float(sheet.penalty_points)])
    append_row(ws, ["", "TỔNG ĐIỂM", None, None, None, None, None, number(sheet.total)])
    ws.cell(row=ws.max_row, column=2).font = BOLD
    ws.cell(row=ws.max_row, column=8).font = BOLD
    return _finish(ws, [8, 55, 10, 10, 10, 12, 12, 10, 10, 40])
