"""Issue 13.5: a spreadsheet may not lock the database. Uploads are checked (core.uploads) before any
parse, parsed outside any transaction, bounded in rows and cells; only validated rows are written."""

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from thidua.core.tests.test_uploads import package, xlsx_parts, zip_bomb_xlsx
from thidua.emulation import excel
from thidua.emulation.models import Target, TargetRegistration
from thidua.emulation.selectors import covenant_criteria

pytestmark = pytest.mark.django_db


def _post(client, user, term, unit, name, content):
    client.force_login(user)
    page = reverse("emulation:registration", args=[term.pk, unit.pk])
    return client.post(
        reverse("emulation:registration_upload", args=[term.pk, unit.pk]),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
        HTTP_REFERER=page,
    )


def _template(term, unit, rows: int = 3) -> bytes:
    data = excel.registration_template(
        term=term, unit=unit, targets=[], criteria=covenant_criteria(term=term)
    )
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook[excel.TARGET_SHEET]
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=4, value="vụ")
        sheet.cell(row=row, column=7, value=100 + row)
    for index in range(sheet.max_row + 1, rows + 2):
        sheet.append([index - 1, "", f"Chỉ tiêu {index}", "vụ", "Càng cao càng tốt", "Cộng dồn", 5, "", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_zip_bomb_registration_is_refused_fast_with_nothing_written(client, users, term, provinces, covenant):
    bomb = zip_bomb_xlsx(100)  # < 1 MB on the wire, 100 MB of XML once inflated
    started = time.perf_counter()
    response = _post(client, users["officer"], term, provinces[1], "dang-ky.xlsx", bomb)
    elapsed = time.perf_counter() - started
    assert elapsed < 3, f"took {elapsed:.1f} s"
    page = response.content.decode()
    assert "vượt mức cho phép" in page or "bom nén" in page
    assert not Target.objects.exists()


def test_cell_far_away_is_refused_before_any_reader(client, users, term, provinces, covenant):
    """Two cells, A1 and XFD1048576: a reader allocating the rectangle would ask for 17 billion."""
    data = _template(term, provinces[1])
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(
                    b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
                )
            target.writestr(item, content)
    started = time.perf_counter()
    response = _post(client, users["officer"], term, provinces[1], "dang-ky.xlsx", buffer.getvalue())
    assert time.perf_counter() - started < 3
    assert "vượt quá" in response.content.decode()
    assert not Target.objects.exists()


def test_too_many_rows_are_refused_with_the_limit_named(client, users, term, provinces, covenant):
    response = _post(
        client, users["officer"], term, provinces[1], "dang-ky.xlsx", _template(term, provinces[1], 520)
    )
    assert "quá nhiều dòng (tối đa 500)" in response.content.decode()
    assert not Target.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200, "tệp chương trình"),
        (b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "không thuộc định dạng"),
        (package(xlsx_parts(**{"../../../tmp/x.xml": b"<a/>"})), "không an toàn"),
        (package(xlsx_parts(**{"xl/embeddings/setup.exe": b"MZ\x90\x00"})), "tệp chương trình"),
    ],
    ids=["renamed-exe", "renamed-html", "traversal", "embedded-exe"],
)
def test_disguised_files_are_refused_at_http_level(
    client, users, term, provinces, covenant, content, message
):
    response = _post(client, users["officer"], term, provinces[1], "dang-ky.xlsx", content)
    assert message in response.content.decode()
    assert not Target.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_registration_parse_holds_no_transaction(client, users, term, provinces, covenant, monkeypatch):
    """The parse runs with no transaction open (on SQLite: without the write lock); rows saved after."""
    seen: list[bool] = []
    original = excel.load_workbook

    def watched(*args, **kwargs):
        seen.append(connection.in_atomic_block)
        return original(*args, **kwargs)

    monkeypatch.setattr(excel, "load_workbook", watched)
    _post(client, users["officer"], term, provinces[1], "dang-ky.xlsx", _template(term, provinces[1]))
    assert seen == [False]
    assert TargetRegistration.objects.get(term=term, unit=provinces[1]).targets.count() == 3


@pytest.mark.django_db(transaction=True)
def test_report_parse_holds_no_transaction(
    client, users, term, provinces, registration, periods, monkeypatch
):
    seen: list[bool] = []
    original = excel.load_workbook

    def watched(*args, **kwargs):
        seen.append(connection.in_atomic_block)
        return original(*args, **kwargs)

    client.force_login(users["officer"])
    args = [term.pk, provinces[1].pk, periods["q1"].pk]
    workbook = load_workbook(io.BytesIO(client.get(reverse("emulation:report_template", args=args)).content))
    for row in range(2, 5):
        workbook["Kết quả"].cell(row=row, column=6, value=50)
    buffer = io.BytesIO()
    workbook.save(buffer)
    monkeypatch.setattr(excel, "load_workbook", watched)
    client.post(
        reverse("emulation:report_upload", args=args),
        {"file": SimpleUploadedFile("bc.xlsx", buffer.getvalue())},
    )
    assert seen == [False]
    from thidua.emulation.models import PeriodReport

    assert PeriodReport.objects.get().values.count() == 3
