"""Excel templates: download prefilled, upload back; every bad upload is refused with nothing saved."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from thidua.emulation import excel, services
from thidua.emulation.errors import ExcelInvalid, UploadRejected
from thidua.emulation.models import ReportValue, SubmissionStatus, Target, TargetRegistration
from thidua.emulation.selectors import covenant_criteria

pytestmark = pytest.mark.django_db


def _upload(workbook, name="mau.xlsx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def draft(term, provinces, covenant, users):
    return services.registration_open(actor=users["officer"], term=term, unit=provinces[1])


@pytest.fixture
def template(term, provinces, draft):
    data = excel.registration_template(
        term=term, unit=provinces[1], targets=[], criteria=covenant_criteria(term=term)
    )
    return load_workbook(io.BytesIO(data))


def _fill(workbook):
    sheet = workbook[excel.TARGET_SHEET]
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=4, value="vụ")
        sheet.cell(row=row, column=7, value=100 + row)
    return workbook


def test_registration_template_is_prefilled_with_target_criteria_and_round_trips(
    users, term, provinces, template
):
    sheet = template[excel.TARGET_SHEET]
    assert [c.value for c in sheet[1]] == excel.TARGET_COLUMNS
    assert [sheet.cell(row=r, column=2).value for r in range(2, sheet.max_row + 1)] == ["1.1", "1.2", "2.2"]
    registration = services.registration_import(
        actor=users["officer"], term=term, unit=provinces[1], uploaded=_upload(_fill(template))
    )
    targets = list(registration.targets.order_by("order"))
    assert [t.target_value for t in targets] == [Decimal("102"), Decimal("103"), Decimal("104")]
    assert targets[0].criterion is not None and targets[0].criterion.code == "1.1"


def test_reupload_updates_rows_by_id_and_drops_missing_ones(users, term, provinces, template):
    services.registration_import(
        actor=users["officer"], term=term, unit=provinces[1], uploaded=_upload(_fill(template))
    )
    registration = TargetRegistration.objects.get(term=term, unit=provinces[1])
    targets = list(registration.targets.order_by("order"))
    data = excel.registration_template(
        term=term, unit=provinces[1], targets=targets, criteria=covenant_criteria(term=term)
    )
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook[excel.TARGET_SHEET]
    sheet.cell(row=2, column=7, value=999)
    sheet.delete_rows(4)
    services.registration_import(
        actor=users["officer"], term=term, unit=provinces[1], uploaded=_upload(workbook)
    )
    assert list(registration.targets.order_by("order").values_list("pk", "target_value")) == [
        (targets[0].pk, Decimal("999")),
        (targets[1].pk, Decimal("103")),
    ]


def _refused(users, term, provinces, upload) -> ExcelInvalid | UploadRejected:
    with pytest.raises((ExcelInvalid, UploadRejected)) as error:
        services.registration_import(actor=users["officer"], term=term, unit=provinces[1], uploaded=upload)
    assert not Target.objects.exists(), "nothing may be saved on any error"
    refused = error.value
    assert isinstance(refused, ExcelInvalid | UploadRejected)
    return refused


def test_text_in_a_numeric_cell_names_sheet_row_and_column(users, term, provinces, template):
    _fill(template)[excel.TARGET_SHEET].cell(row=3, column=7, value="một trăm")
    error = _refused(users, term, provinces, _upload(template))
    assert isinstance(error, ExcelInvalid)
    assert error.errors == [
        "Trang tính “Chỉ tiêu”, dòng 3, cột G (Chỉ tiêu đăng ký): phải là số, không phải chữ “một trăm”."
    ]


def test_formulas_are_refused(users, term, provinces, template):
    _fill(template)[excel.TARGET_SHEET].cell(row=2, column=7, value="=A1*100")
    error = _refused(users, term, provinces, _upload(template))
    assert "dòng 2, cột G" in str(error) and "công thức" in str(error)


def test_text_starting_with_equals_in_a_text_cell_is_refused(users, term, provinces, template):
    _fill(template)[excel.TARGET_SHEET].cell(row=2, column=8, value='=HYPERLINK("http://x")')
    error = _refused(users, term, provinces, _upload(template))
    assert "cột H" in str(error)


def test_wrong_columns_are_refused(users, term, provinces, template):
    sheet = _fill(template)[excel.TARGET_SHEET]
    sheet.cell(row=1, column=3, value="Tên chỉ tiêu")
    sheet.cell(row=1, column=10, value="Cột lạ")
    error = _refused(users, term, provinces, _upload(template))
    assert isinstance(error, ExcelInvalid)
    assert any("dòng 1, cột C" in e and "“Chỉ tiêu”" in e for e in error.errors)
    assert any("cột J" in e and "cột thừa" in e for e in error.errors)


def test_template_of_another_unit_is_refused(users, term, provinces, template):
    _fill(template)[excel.INFO_SHEET]["B3"] = provinces[2].pk
    error = _refused(users, term, provinces, _upload(template))
    assert "Mã đơn vị" in str(error)


def test_one_bad_row_among_good_ones_saves_nothing(users, term, provinces, template):
    sheet = _fill(template)[excel.TARGET_SHEET]
    sheet.cell(row=4, column=5, value="ngang")
    error = _refused(users, term, provinces, _upload(template))
    assert "dòng 4, cột E" in str(error)


def test_non_xlsx_files_are_refused(users, term, provinces, draft):
    error = _refused(users, term, provinces, SimpleUploadedFile("chi-tieu.csv", b"STT;Chi tieu\n1;2"))
    assert "định dạng" in str(error)
    error = _refused(users, term, provinces, SimpleUploadedFile("gia.xlsx", b"PK\x03\x04 not really a zip"))
    assert "không phải tệp" in str(error) and ".xlsx" in str(error)
    error = _refused(users, term, provinces, SimpleUploadedFile("doi-ten.xlsx", b"%PDF-1.4"))
    assert "không khớp" in str(error)


def test_oversized_excel_is_refused(users, term, provinces, template, settings):
    settings.THIDUA_MAX_UPLOAD_BYTES = 1000
    error = _refused(users, term, provinces, _upload(_fill(template)))
    assert "vượt mức" in str(error)


@pytest.fixture
def report(users, term, provinces, registration, periods):
    return services.report_open(actor=users["officer"], term=term, unit=provinces[1], period=periods["q1"])


def _report_workbook(report, registration):
    data = excel.report_template(
        report=report, targets=list(registration.targets.order_by("order")), values={}
    )
    return load_workbook(io.BytesIO(data))


def test_report_template_round_trip_fills_values_and_narratives(users, report, registration):
    workbook = _report_workbook(report, registration)
    sheet = workbook[excel.RESULT_SHEET]
    for row, value in zip(range(2, 5), (110, 81.5, 0), strict=True):
        sheet.cell(row=row, column=6, value=value)
    workbook[excel.NARRATIVE_SHEET]["B2"] = "Triệt phá 3 băng nhóm"
    services.report_import(actor=users["officer"], report=report, uploaded=_upload(workbook))
    report.refresh_from_db()
    assert sorted(report.values.values_list("actual_value", flat=True)) == [
        Decimal("0"),
        Decimal("81.5"),
        Decimal("110"),
    ]
    assert report.narrative_professional == "Triệt phá 3 băng nhóm"


def test_report_upload_with_bad_cells_saves_nothing(users, report, registration):
    workbook = _report_workbook(report, registration)
    sheet = workbook[excel.RESULT_SHEET]
    sheet.cell(row=2, column=6, value=10)
    sheet.cell(row=3, column=6, value="khoảng 80")
    sheet.cell(row=4, column=2, value=999999)
    workbook[excel.NARRATIVE_SHEET]["B2"] = "Không được lưu"
    with pytest.raises(ExcelInvalid) as error:
        services.report_import(actor=users["officer"], report=report, uploaded=_upload(workbook))
    assert len(error.value.errors) == 2
    assert "Trang tính “Kết quả”, dòng 3, cột F" in error.value.errors[0]
    assert "dòng 4, cột B" in error.value.errors[1]
    report.refresh_from_db()
    assert not ReportValue.objects.exists() and report.narrative_professional == ""


def test_registration_template_of_a_report_is_refused(users, report, registration, term, provinces):
    workbook = _report_workbook(report, registration)
    registration.status = SubmissionStatus.RETURNED
    registration.save()
    with pytest.raises(ExcelInvalid, match="không phải mẫu"):
        services.registration_import(
            actor=users["officer"], term=term, unit=provinces[1], uploaded=_upload(workbook)
        )
