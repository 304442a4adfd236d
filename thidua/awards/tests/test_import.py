"""Excel import: every bad-input class is refused with nothing saved; a clean file is saved whole."""

import datetime
import io

import pytest
import xlsxwriter
from django.test import TestCase

from thidua.awards.models import AwardRecord, ImportJob, ImportStatus
from thidua.awards.services import importing

from .factories import RecordFactory

pytestmark = pytest.mark.django_db


def xlsx(rows, sheet=importing.SHEET_NAME, header=None, formulas=()):
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    ws = workbook.add_worksheet(sheet)
    ws.write_row(0, 0, header or importing.COLUMNS)
    for index, row in enumerate(rows, start=1):
        ws.write_row(index, 0, row)
    for row, col, formula in formulas:
        ws.write_formula(row, col, formula)
    workbook.close()
    return buffer.getvalue()


def row(n=1, **overrides):
    values = {
        "award": "GK-GD-CN",
        "authority": "Giám đốc Công an tỉnh Tiền Giang",
        "number": "15/QĐ-CAT",
        "date": "20/03/2021",
        "year": "",
        "unit": "T-1",
        "kind": "Cá nhân",
        "name": f"Trần Văn Bình {n}",
        "rank": "Đại úy",
        "position": "Đội trưởng",
        "track": "Thường xuyên",
        "achievement": "Thành tích xuất sắc quý I/2021",
    }
    values.update(overrides)
    return [n, *values.values()]


def run(users, content, name="danh-sach.xlsx", scope=None):
    """Create the job as the page does; its task runs when the transaction commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = importing.job_create(actor=users["board"], scope=scope, name=name, content=content)
        assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.PENDING, "not run before commit"
    job.refresh_from_db()
    return job


@pytest.fixture
def scope(ministry):
    return ministry


def test_clean_file_is_saved_whole(seeded, users, provinces, scope):
    job = run(
        users,
        xlsx([row(1), row(2), row(3, award="BK-BCA-TT", kind="Tập thể", name="", unit="T-2")]),
        scope=scope,
    )
    assert job.status == ImportStatus.DONE and job.created_count == 3
    collective = AwardRecord.objects.get(award_type__code="BK-BCA-TT")
    assert collective.recipient_name == provinces[2].name and collective.decision_date == datetime.date(
        2021, 3, 20
    )
    assert collective.year == 2021


def test_export_round_trips_through_the_importer(seeded, users, provinces, scope):
    run(users, xlsx([row(1), row(2)]), scope=scope)
    exported = importing.export_xlsx(records=AwardRecord.objects.select_related("award_type", "unit"))
    AwardRecord.objects.all().delete()
    job = run(users, exported, scope=scope)
    assert job.status == ImportStatus.DONE and AwardRecord.objects.count() == 2


@pytest.mark.parametrize(
    ("bad", "column", "fragment"),
    [
        ({"unit": "KHONG-CO"}, "Đơn vị (tên hoặc mã)", "không có đơn vị"),
        ({"award": "Huy chương Vàng Olympic"}, "Hình thức khen thưởng", "không có hình thức"),
        ({"date": "31/02/2021"}, "Ngày quyết định", "không hợp lệ"),
        ({"kind": "Tập thể"}, "Đối tượng", "dành cho cá nhân"),
        ({"name": '=HYPERLINK("http://x")'}, "Họ và tên / Tên tập thể", "công thức"),
        ({"achievement": "@SUM(A1)"}, "Thành tích", "công thức"),
    ],
)
def test_bad_row_refuses_the_whole_file(seeded, users, provinces, scope, bad, column, fragment):
    job = run(users, xlsx([row(1), row(2, **bad), row(3)]), scope=scope)
    assert job.status == ImportStatus.FAILED
    assert AwardRecord.objects.count() == 0
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, column)]
    assert fragment in job.errors[0]["message"]


def test_negative_number_text_is_not_taken_for_a_formula(seeded, users, provinces, scope):
    job = run(users, xlsx([row(1, rank="-1")]), scope=scope)
    assert job.status == ImportStatus.DONE


def test_real_formula_cell_is_refused(seeded, users, provinces, scope):
    job = run(users, xlsx([row(1), row(2)], formulas=[(2, 12, "=1+1")]), scope=scope)
    assert job.status == ImportStatus.FAILED and AwardRecord.objects.count() == 0
    assert job.errors[0]["row"] == 3 and job.errors[0]["column"] == "Thành tích"


def test_duplicate_rows_within_the_file(seeded, users, provinces, scope):
    job = run(users, xlsx([row(1), row(1)]), scope=scope)
    assert job.status == ImportStatus.FAILED and AwardRecord.objects.count() == 0
    assert job.errors[0]["message"] == "trùng với dòng 2"


def test_duplicate_of_a_record_already_in_the_database(seeded, users, provinces, scope):
    RecordFactory(
        award_type=seeded["GK-GD-CN"],
        unit=provinces[1],
        recipient_name="Trần Văn Bình 1",
        year=2021,
        decision_number="15/QĐ-CAT",
    )
    job = run(users, xlsx([row(1), row(2)]), scope=scope)
    assert job.status == ImportStatus.FAILED
    assert AwardRecord.objects.count() == 1
    assert "đã có trong lịch sử" in job.errors[0]["message"]


def test_wrong_sheet_is_refused(seeded, users, provinces, scope):
    job = run(users, xlsx([row(1)], sheet="Sheet1"), scope=scope)
    assert job.status == ImportStatus.FAILED and "trang tính" in job.errors[0]["message"]
    assert AwardRecord.objects.count() == 0


def test_wrong_header_is_refused(seeded, users, provinces, scope):
    job = run(users, xlsx([row(1)], header=["A", "B"]), scope=scope)
    assert job.status == ImportStatus.FAILED and "tiêu đề" in job.errors[0]["message"]


def test_unit_outside_the_scope_is_unknown(seeded, users, provinces, other_province):
    job = run(users, xlsx([row(1, unit="T-HT")]), scope=provinces[1])
    assert job.status == ImportStatus.FAILED and AwardRecord.objects.count() == 0


def test_huge_file_is_refused(seeded, users, scope, settings):
    settings.THIDUA_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(importing.Refused):
        importing.job_create(
            actor=users["board"], scope=scope, name="a.xlsx", content=xlsx([row(i) for i in range(50)])
        )


def test_too_many_rows_is_refused(seeded, users, provinces, scope, settings):
    settings.THIDUA_IMPORT_MAX_ROWS = 3
    job = run(users, xlsx([row(i) for i in range(1, 5)]), scope=scope)
    assert job.status == ImportStatus.FAILED and "vượt giới hạn 3 dòng" in job.errors[0]["message"]
    assert AwardRecord.objects.count() == 0


def test_non_xlsx_is_refused(seeded, users, scope):
    with pytest.raises(importing.Refused):
        importing.job_create(actor=users["board"], scope=scope, name="danh-sach.csv", content=b"a,b,c\n")
    with pytest.raises(importing.Refused):
        importing.job_create(actor=users["board"], scope=scope, name="gia.xlsx", content=b"not a zip at all")


def test_only_the_board_may_import(seeded, users, scope):
    from thidua.core.errors import AccessDenied

    with pytest.raises(AccessDenied):
        importing.job_create(actor=users["officer"], scope=scope, name="a.xlsx", content=xlsx([row(1)]))


def test_error_report_lists_row_column_message(seeded, users, provinces, scope):
    job = run(users, xlsx([row(1, unit="X"), row(2, date="hôm qua")]), scope=scope)
    from python_calamine import CalamineWorkbook

    report = (
        CalamineWorkbook.from_filelike(io.BytesIO(importing.error_report_xlsx(job=job)))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert report[0] == ["Dòng", "Cột", "Lỗi"]
    assert [r[:2] for r in report[1:]] == [[2.0, "Đơn vị (tên hoặc mã)"], [3.0, "Ngày quyết định"]]
