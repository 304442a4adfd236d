import io

import pytest
import xlsxwriter

from thidua.organisation.models import Role
from thidua.personnel.services.importing import COLUMNS, SHEET_NAME


@pytest.fixture
def province_board(make_user, provinces):
    """The emulation board of Công an tỉnh Sóc Trăng (provinces[0]): manages that province's accounts."""
    return make_user(Role.BOARD, provinces[0], username="thuongtruc.soctrang")


def workbook(rows, *, sheet=SHEET_NAME, header=COLUMNS, formula=False) -> bytes:
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    page = book.add_worksheet(sheet)
    for column, title in enumerate(header):
        page.write_string(0, column, title)
    for index, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            page.write_string(index, column, str(value))
    if formula:
        page.write_formula(len(rows) + 1, 0, "=1+1")
    book.close()
    return output.getvalue()
