"""Browser (issue 16.9): an officer adds a person with a birth year only, finds them without tone marks,
and changes the rank; a board imports a list whose new person is created on confirmation."""

import io
import re

import pytest
import xlsxwriter

from thidua.awards import catalogue
from thidua.awards.models import AwardRecord, Person
from thidua.awards.services import importing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _list(name: str) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet(importing.SHEET_NAME)
    sheet.write_row(0, 0, importing.COLUMNS)
    sheet.write_row(
        1,
        0,
        [
            1,
            "GK-GD-CN",
            "Giám đốc Công an tỉnh",
            "15/QĐ-CAT",
            "20/03/2021",
            "",
            "T-1",
            "Cá nhân",
            name,
            "Đại úy",
            "Đội trưởng",
            "Thường xuyên",
            "Thành tích xuất sắc",
        ],
    )
    workbook.close()
    return buffer.getvalue()


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)])
def test_officer_adds_finds_and_changes_a_person(
    login_page, live_server, users, provinces, tmp_path, width, height
):
    unit = provinces[1]
    page = login_page(users["officer"])
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/khen-thuong/can-bo/")
    page.fill("#id_full_name", "Nguyễn Văn Hùng")
    page.select_option("#id_unit", str(unit.pk))
    page.fill("#id_rank", "Đại úy")
    page.fill("#id_birth_date", "1980")
    page.click("#person-create button[type=submit]")
    page.wait_for_url(re.compile(r".*/khen-thuong/can-bo/\d+/$"))
    assert page.inner_text("#birth") == "năm 1980"
    person = Person.objects.get()
    assert (person.unit_id, person.birth_date_precision) == (unit.pk, "year")

    page.fill("#id_rank", "Thiếu tá")
    page.fill("#id_service_start", "09/1998")
    page.click("#person-edit button[type=submit]")
    page.wait_for_selector(".alert >> text=Đã lưu thay đổi")
    person.refresh_from_db()
    assert person.rank == "Thiếu tá" and person.service_start_known.iso() == "1998-09"

    page.goto(f"{live_server.url}/khen-thuong/can-bo/?q=nguyen van hung")
    assert "Nguyễn Văn Hùng" in page.inner_text("#people")
    box = page.locator("#person-create").bounding_box()
    assert box is not None and box["x"] + box["width"] <= width
    page.screenshot(path=str(tmp_path / f"people-{width}.png"), full_page=True)
    assert (tmp_path / f"people-{width}.png").stat().st_size > 0


def test_board_confirms_the_new_person_of_an_imported_list(
    login_page, live_server, users, ministry, provinces, tmp_path
):
    catalogue.seed()
    path = tmp_path / "ds.xlsx"
    path.write_bytes(_list("Võ Thị Sáu"))
    page = login_page(users["board"])
    page.goto(f"{live_server.url}/khen-thuong/nhap-excel/")
    page.set_input_files("#file", str(path))
    page.check("input[name=new_people][value=confirm]")
    page.click("form.stack button[type=submit]")
    page.wait_for_selector("#new-people")
    assert "Võ Thị Sáu" in page.inner_text("#new-people")
    assert not AwardRecord.objects.exists()
    page.click("#confirm-people")
    page.wait_for_selector("text=Đã tạo 1 cán bộ mới")
    assert AwardRecord.objects.get().person == Person.objects.get(full_name="Võ Thị Sáu")
    page.screenshot(path=str(tmp_path / "import-confirm.png"), full_page=True)
    assert (tmp_path / "import-confirm.png").stat().st_size > 0
