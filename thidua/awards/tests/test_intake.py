"""17.4 — Excel intake of a proposal list into a batch: checked before parsing (size, type by content, zip
package, sheet extent, formulas), read with python-calamine, previewed with per-row errors in Vietnamese,
confirmed all or nothing, people matched by name (tone marks kept) and unit; a page and an API."""

import io
import time
import zipfile

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from thidua.awards import services
from thidua.awards.errors import BatchLocked
from thidua.awards.models import ProposalCandidate, ProposalStatus
from thidua.awards.services import intake
from thidua.core.errors import AccessDenied
from thidua.core.tests.test_uploads import zip_bomb_xlsx
from thidua.core.uploads import SheetTooLarge, UploadRejected, UploadTooLarge
from thidua.organisation.models import UnitKind
from thidua.organisation.tests.factories import UnitFactory

from .factories import PersonFactory

pytestmark = pytest.mark.django_db


def workbook(rows, *, title_rows=(), header=None, sheet=intake.SHEET_NAME, formulas=()):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    ws = book.add_worksheet(sheet)
    for index, line in enumerate(title_rows):
        ws.write_row(index, 0, line)
    start = len(title_rows)
    ws.write_row(start, 0, header or intake.COLUMNS)
    for index, row in enumerate(rows, start=start + 1):
        ws.write_row(index, 0, row)
    for row, col, formula in formulas:
        ws.write_formula(row, col, formula)
    book.close()
    return buffer.getvalue()


def line(
    n, award, kind, name, unit, achievement="Hoàn thành xuất sắc nhiệm vụ năm 2024", rank="", position=""
):
    return [n, award, kind, name, rank, position, unit, achievement]


@pytest.fixture
def province(provinces):
    return provinces[1]  # Tiền Giang (T-1): the officer and the unit leader sit here


@pytest.fixture
def department(province):
    return UnitFactory(
        parent=province, kind=UnitKind.PROVINCIAL_DEPARTMENT, name="Phòng Cảnh sát hình sự", code="T-1-PC02"
    )


@pytest.fixture
def batch(users, province):
    return services.batch_create(
        actor=users["officer"],
        title="Công an tỉnh Tiền Giang đề nghị khen thưởng 2024",
        year=2024,
        unit=province,
    )


@pytest.fixture
def people(department):
    return {
        "hung": PersonFactory(unit=department, full_name="Nguyễn Văn Hùng"),
        "hung2": PersonFactory(unit=department, full_name="Nguyễn Văn Hưng"),
    }


def good_rows():
    return [
        line(1, "BK-BCA-TT", "Tập thể", "Phòng Cảnh sát hình sự", "T-1-PC02"),
        line(
            2, "Giấy khen của Giám đốc Công an tỉnh", "Cá nhân", "Nguyễn Văn Hùng", "Phòng Cảnh sát hình sự"
        ),
        line(3, "GK-GD-CN", "", "NGUYỄN VĂN HƯNG", "t-1-pc02"),
    ]


def preview(users, batch, content, **kwargs):
    return intake.candidates_intake(
        actor=users["officer"], batch=batch, name="ds.xlsx", content=content, **kwargs
    )


def test_clean_list_is_previewed_without_saving_then_saved_whole_on_confirm(seeded, users, batch, people):
    content = workbook(
        good_rows(), title_rows=[["CÔNG AN TỈNH TIỀN GIANG"], ["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"]]
    )
    result = preview(users, batch, content)
    assert result.errors == [] and len(result.rows) == 3 and not result.saved
    assert not ProposalCandidate.objects.filter(batch=batch).exists(), "a preview keeps nothing"
    saved = preview(users, batch, content, confirm=True, digest=result.digest)
    assert saved.saved and saved.created == 3
    candidates = ProposalCandidate.objects.filter(batch=batch)
    assert {c.person.full_name if c.person else c.unit.name for c in candidates} == {
        "Phòng Cảnh sát hình sự",
        "Nguyễn Văn Hùng",
        "Nguyễn Văn Hưng",
    }


def test_people_are_matched_by_name_with_tone_marks_in_their_unit(seeded, users, batch, people, department):
    """Hùng ≠ Hưng ≠ Hung: a name without its marks, or in another unit, is not guessed."""
    result = preview(
        users,
        batch,
        workbook(
            [
                line(1, "GK-GD-CN", "Cá nhân", "Nguyễn Văn Hung", "T-1-PC02"),
                line(2, "GK-GD-CN", "Cá nhân", "Nguyễn Văn Hùng", "T-1"),
            ]
        ),
    )
    assert [row.errors for row in result.rows] == [
        ["không có cán bộ “Nguyễn Văn Hung” trong Phòng Cảnh sát hình sự; hãy thêm cán bộ trước"],
        ["không có cán bộ “Nguyễn Văn Hùng” trong Công an tỉnh Tiền Giang; hãy thêm cán bộ trước"],
    ]


def test_one_bad_row_saves_nothing_and_every_error_names_its_row_in_vietnamese(seeded, users, batch, people):
    rows = good_rows() + [
        line(4, "Huân chương không có", "Tập thể", "", "T-1-PC02"),
        line(5, "BK-BCA-TT", "Tập thể", "", "Công an tỉnh Hà Tĩnh"),
        line(6, "GK-GD-CN", "Cá nhân", "Nguyễn Văn Hùng", "T-1-PC02", achievement=""),
        line(7, "BK-BCA-TT", "Tập thể", "", "T-1-PC02"),  # the same collective as row 1: a duplicate
    ]
    content = workbook(rows)
    result = preview(users, batch, content)
    errors = {e["row"]: e["message"] for e in result.errors}
    assert errors[5] == "không có hình thức “Huân chương không có” trong danh mục"  # Excel row (header = 1)
    assert errors[6] == "không có đơn vị “Công an tỉnh Hà Tĩnh” trong phạm vi của đơn vị đề nghị"
    assert errors[7] == "thiếu tóm tắt thành tích"
    assert "đã có trong đề nghị" in errors[8]
    assert set(errors) == {5, 6, 7, 8}
    confirmed = preview(users, batch, content, confirm=True, digest=result.digest)
    assert not confirmed.saved and confirmed.error_count == 4
    assert not ProposalCandidate.objects.filter(batch=batch).exists(), "all or nothing"


def test_formula_cells_and_formula_like_text_are_refused_per_row(seeded, users, batch, people):
    content = workbook(
        [
            line(1, "BK-BCA-TT", "Tập thể", "", "T-1-PC02"),
            line(2, "GK-GD-CN", "Cá nhân", '=HYPERLINK("x")', "T-1-PC02"),
        ],
        formulas=[(1, 7, '=CONCATENATE("Thành tích","")')],
    )
    result = preview(users, batch, content)
    assert result.rows[0].errors == ["dòng có ô chứa công thức, bị từ chối (chèn công thức)"]
    assert result.rows[1].errors == ["ô bắt đầu bằng “=” bị từ chối (có thể là công thức)"]
    assert not ProposalCandidate.objects.exists()


def test_confirm_needs_the_digest_of_the_previewed_file(seeded, users, batch, people):
    with pytest.raises(intake.IntakeDigestMismatch):
        preview(users, batch, workbook(good_rows()), confirm=True, digest="0" * 64)
    assert not ProposalCandidate.objects.exists()


def test_zip_bomb_is_refused_before_parsing(seeded, users, batch):
    started = time.perf_counter()
    with pytest.raises((UploadTooLarge, UploadRejected)):
        preview(users, batch, zip_bomb_xlsx(100))
    assert time.perf_counter() - started < 5


def test_wrong_type_is_refused_by_content_not_name(seeded, users, batch):
    with pytest.raises(UploadRejected, match="không thuộc định dạng cho phép"):
        preview(users, batch, b"<html><script>alert(1)</script></html>")
    with pytest.raises(UploadRejected, match="không khớp"):
        preview(users, batch, b"%PDF-1.4\n%%EOF\n")


def test_huge_sheet_is_refused_before_calamine_allocates_it(seeded, users, batch, settings):
    """A1 and XFD1048576 in a few KB: calamine would allocate 17 billion cells."""
    source = zipfile.ZipFile(io.BytesIO(workbook(good_rows())))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
                )
            target.writestr(item, data)
    started = time.perf_counter()
    with pytest.raises(SheetTooLarge):
        preview(users, batch, buffer.getvalue())
    assert time.perf_counter() - started < 5
    settings.THIDUA_INTAKE_MAX_ROWS = 2
    with pytest.raises(intake.IntakeRefused, match="vượt giới hạn 2 dòng"):
        preview(users, batch, workbook(good_rows()))


def test_a_file_without_the_columns_is_refused_naming_them(seeded, users, batch):
    with pytest.raises(intake.IntakeRefused, match="không thấy dòng tiêu đề"):
        preview(users, batch, workbook([["a", "b"]], header=["Cột 1", "Cột 2"]))


def test_who_may_draft_and_only_while_editable(seeded, users, batch, people):
    content = workbook(good_rows())
    with pytest.raises(AccessDenied):
        intake.candidates_intake(actor=users["viewer"], batch=batch, name="ds.xlsx", content=b"not read")
    services.candidate_add(
        actor=users["officer"],
        batch=batch,
        award_type=seeded["BK-BCA-TT"],
        unit=batch.unit,
        achievement="Thành tích năm 2024",
    )
    services.batch_transition(actor=users["officer"], batch=batch, target=ProposalStatus.PENDING_LEADER)
    with pytest.raises(BatchLocked):
        preview(users, batch, content)


def test_template_reads_back_with_its_columns():
    book = CalamineWorkbook.from_filelike(io.BytesIO(intake.template_xlsx()))
    assert book.get_sheet_by_name(intake.SHEET_NAME).to_python()[0] == intake.COLUMNS


# -- page and API ----------------------------------------------------------------------------------


def test_page_previews_then_confirms(client, seeded, users, batch, people):
    client.force_login(users["officer"])
    url = reverse("awards:batch_intake", args=[batch.pk])
    assert "intake-file" in client.get(url).content.decode()
    content = workbook(good_rows())
    response = client.post(
        url, {"file": SimpleUploadedFile("ds.xlsx", content), "confirm": "0"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert response.status_code == 200 and "intake-confirm" in page and "3 dòng hợp lệ" in page
    digest = intake.digest_of(content=content)
    assert digest in page
    response = client.post(
        url, {"file": SimpleUploadedFile("ds.xlsx", content), "confirm": "1", "digest": digest}
    )
    assert response.status_code == 302 and ProposalCandidate.objects.filter(batch=batch).count() == 3


def test_page_shows_row_errors_and_refuses_hostile_files_in_vietnamese(client, seeded, users, batch, people):
    client.force_login(users["officer"])
    url = reverse("awards:batch_intake", args=[batch.pk])
    bad = workbook([line(1, "XYZ", "Tập thể", "", "T-1-PC02")])
    page = client.post(url, {"file": SimpleUploadedFile("ds.xlsx", bad)}).content.decode()
    assert "không có hình thức “XYZ” trong danh mục" in page and "intake-confirm" not in page
    response = client.post(url, {"file": SimpleUploadedFile("ds.xlsx", zip_bomb_xlsx(100))}, follow=True)
    assert "bom nén" in response.content.decode() or "vượt mức cho phép" in response.content.decode()
    assert not ProposalCandidate.objects.exists()


def test_api_preview_confirm_and_template(client, seeded, users, batch, people):
    client.force_login(users["officer"])
    url = f"/api/v1/awards/proposals/{batch.pk}/intake"
    content = workbook(good_rows())
    response = client.post(url, {"file": SimpleUploadedFile("ds.xlsx", content)})
    body = response.json()
    assert response.status_code == 200 and body["code"] == "preview" and body["error_count"] == 0
    assert not ProposalCandidate.objects.exists()
    wrong = workbook([line(1, "XYZ", "", "", "T-1")])  # built once: the file's bytes carry its creation time
    bad = client.post(
        url,
        {
            "file": SimpleUploadedFile("ds.xlsx", wrong),
            "confirm": "true",
            "digest": intake.digest_of(content=wrong),
        },
    )
    assert bad.status_code == 422 and bad.json()["rows"][0]["errors"]
    assert bad.json()["errors"][0]["field"] == "rows[2]" and bad.json()["params"] == {"count": "1"}
    done = client.post(
        url, {"file": SimpleUploadedFile("ds.xlsx", content), "confirm": "true", "digest": body["digest"]}
    )
    assert done.status_code == 201 and done.json()["created"] == 3
    assert ProposalCandidate.objects.filter(batch=batch).count() == 3
    hostile = client.post(url, {"file": SimpleUploadedFile("ds.xlsx", zip_bomb_xlsx(100))})
    assert hostile.status_code in (413, 422) and hostile.json()["code"] in (
        "upload_too_large",
        "upload_rejected",
    )
    template = client.get("/api/v1/awards/proposals/intake-template")
    assert template.status_code == 200 and template.content.startswith(b"PK")


def test_api_refuses_a_viewer_before_reading_the_file(client, seeded, users, batch):
    client.force_login(users["viewer"])
    response = client.post(
        f"/api/v1/awards/proposals/{batch.pk}/intake", {"file": SimpleUploadedFile("ds.xlsx", b"x")}
    )
    assert response.status_code == 403
