"""Browser (issue 16.2): the board adds a Bằng khen of the provincial People's Committee to the catalogue
with its legal basis, then changes the authority of an entry already used by decisions — which opens a
new version from the year given while the past keeps the old entry."""

import re

import pytest

from thidua.awards import catalogue
from thidua.awards.models import AwardType, LegalBasis
from thidua.awards.tests.factories import PersonFactory, RecordFactory

from .helpers import click_and_confirm

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)])
def test_board_adds_an_entry_and_versions_a_used_one(
    login_page, live_server, users, provinces, tmp_path, width, height
):
    catalogue.seed()
    used = AwardType.objects.get(code="GK-GD-CN")
    RecordFactory(award_type=used, person=PersonFactory(unit=provinces[1]), year=2023)
    page = login_page(users["board"])
    page.set_viewport_size({"width": width, "height": height})

    page.goto(f"{live_server.url}/khen-thuong/danh-muc/")
    page.click("#award-type-add")
    page.fill("#id_code", "BK-UBND-TRINH")
    page.fill("#id_name", "Bằng khen của Chủ tịch UBND tỉnh (thử nghiệm)")
    page.select_option("#id_category", "form")
    page.select_option("#id_recipient_kind", "individual")
    page.fill("#id_authority", "Chủ tịch UBND tỉnh")
    page.select_option("#id_level", "province")
    page.select_option("#id_legal_basis", str(LegalBasis.objects.get(code="L2022").pk))
    page.fill("#id_valid_from_year", "2024")
    click_and_confirm(page, "#award-type-form button[type=submit]", "danh mục dùng chung")
    assert "Đã thêm" in page.inner_text(".alert")
    created = AwardType.objects.get(code="BK-UBND-TRINH")
    assert created.legal_basis is not None
    assert (created.legal_basis.code, created.valid_from_year, created.is_verified) == ("L2022", 2024, False)
    row = page.locator(f"#type-{created.pk}")
    assert "chưa kiểm chứng" in row.inner_text() and "L2022" in row.inner_text()

    page.goto(f"{live_server.url}/khen-thuong/danh-muc/{used.pk}/sua/")
    assert "1 bản ghi khen thưởng" in page.inner_text("#award-type-uses")
    page.fill("#id_authority", "Giám đốc Công an tỉnh, thành phố")
    click_and_confirm(page, "#award-type-form button[type=submit]")
    assert "năm áp dụng thay đổi" in page.inner_text("#award-type-form")  # refused: the entry is in use
    page.fill("#id_effective_year", "2025")
    click_and_confirm(page, "#award-type-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/khen-thuong/danh-muc/#type-\d+$"))
    assert "GK-GD-CN-2025" in page.inner_text(".alert")
    used.refresh_from_db()
    successor = AwardType.objects.get(code="GK-GD-CN-2025")
    assert used.valid_to_year == 2024 and used.authority != successor.authority
    assert successor.replaces_id == used.pk
    page.screenshot(path=str(tmp_path / f"catalogue-{width}.png"), full_page=True)
    assert (tmp_path / f"catalogue-{width}.png").stat().st_size > 0
