"""thidua.core.spreadsheets: text never becomes a formula, numbers stay numbers (issue 13.7)."""

import io
from decimal import Decimal

import pytest
import xlsxwriter
from openpyxl import Workbook, load_workbook

from thidua.core.spreadsheets import append_row, set_cell, write_row

HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0"]


def _reopen(data: bytes):
    return load_workbook(io.BytesIO(data)).active


@pytest.mark.parametrize("text", HOSTILE)
def test_openpyxl_text_is_a_string_cell(text):
    workbook = Workbook()
    sheet = workbook.active
    append_row(sheet, ["Tiêu đề"])
    append_row(sheet, [])
    append_row(sheet, [1, text, Decimal("2.5"), None])
    set_cell(sheet.cell(row=5, column=1), text)
    buffer = io.BytesIO()
    workbook.save(buffer)
    reopened = _reopen(buffer.getvalue())
    for cell in (reopened.cell(row=3, column=2), reopened.cell(row=5, column=1)):
        assert cell.value == text and cell.data_type == "s" and cell.quotePrefix
    assert reopened.cell(row=3, column=1).value == 1 and reopened.cell(row=3, column=3).value == 2.5
    assert reopened.cell(row=3, column=1).data_type == "n"


@pytest.mark.parametrize("text", HOSTILE)
def test_xlsxwriter_text_is_a_string_cell(text):
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})  # strings_to_formulas left on
    sheet = workbook.add_worksheet()
    write_row(sheet, 0, 0, [text, 3, None, Decimal("1.5")])
    workbook.close()
    reopened = _reopen(buffer.getvalue())
    cell = reopened.cell(row=1, column=1)
    assert cell.value.replace("_x000D_", "\r") == text and cell.data_type == "s"  # xlsxwriter escapes CR
    assert reopened.cell(row=1, column=2).value == 3 and reopened.cell(row=1, column=4).value == 1.5


def test_without_the_helper_openpyxl_writes_a_formula():
    """The hazard the helper exists for (guards the test against a library that changed)."""
    workbook = Workbook()
    workbook.active.append(["=1+1"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert _reopen(buffer.getvalue())["A1"].data_type == "f"
