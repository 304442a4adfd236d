"""Writing cells of exported spreadsheets so that no text ever becomes a live formula (issue 13.7).

Both libraries turn text into a formula by themselves: openpyxl gives any string beginning with
"=" the formula type, and xlsxwriter's `write()` does too unless told otherwise. A unit's own text
(an indicator, a note, a reason, a unit name) that begins with "=", "+", "-", "@", a tab or a
carriage return would then run in whoever opens the file (formula/CSV injection). Every export
writes its cells through these helpers: text is always a string cell (openpyxl data type "s",
xlsxwriter `write_string`), numbers and dates keep their type. Text that looks like a formula
is also marked quote-prefixed, so that editing the cell in Excel keeps it text.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def _plain(value: Any) -> Any:
    """A value openpyxl/xlsxwriter store as is: Decimal as float; anything else not a number,
    date or None as its text."""
    if value is None or isinstance(value, bool | int | float | date | datetime):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


# -- openpyxl ------------------------------------------------------------------------------------


def set_cell(cell, value: Any):
    """Put `value` in an openpyxl cell; text always as a string cell. Returns the cell."""
    value = _plain(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
    return cell


def append_row(sheet, values: Iterable[Any]) -> None:
    """`sheet.append(values)` for an openpyxl worksheet, with every text cell kept text."""
    values = [_plain(value) for value in values]
    sheet.append(values)
    if any(isinstance(value, str) for value in values):
        for cell in sheet[sheet.max_row]:  # append writes below every cell written so far
            if isinstance(cell.value, str):
                set_cell(cell, cell.value)


# -- xlsxwriter ----------------------------------------------------------------------------------


def write_cell(worksheet, row: int, column: int, value: Any, cell_format=None) -> None:
    """Write one cell of an xlsxwriter worksheet; text always with `write_string`."""
    value = _plain(value)
    if value is None:
        worksheet.write_blank(row, column, None, cell_format)
    elif isinstance(value, str):
        worksheet.write_string(row, column, value, cell_format)
    else:
        worksheet.write(row, column, value, cell_format)


def write_row(worksheet, row: int, column: int, values: Iterable[Any], cell_format=None) -> None:
    for offset, value in enumerate(values):
        write_cell(worksheet, row, column + offset, value, cell_format)
