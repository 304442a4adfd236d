"""Browser (issue 16.8): a board records “33 cá nhân được tặng Giấy khen” read from a report without
names, corrects it, and finds it in the award statistics."""

import re

import pytest

from thidua.awards import catalogue
from thidua.awards.models import AwardCount, AwardType

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)])
def test_board_records_a_count_without_names_and_sees_it_in_the_statistics(
    login_page, live_server, users, provinces, tmp_path, width, height
):
    catalogue.seed()
    award = AwardType.objects.get(code="GK-GD-CN")
    unit = provinces[1]
    page = login_page(users["board"])
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/khen-thuong/so-luong/")
    page.select_option("#id_award_type", str(award.pk))
    page.select_option("#id_holder", f"u:{unit.pk}")
    page.fill("#id_year", "2019")
    page.fill("#id_count", "33")
    page.fill("#id_source", "Báo cáo tổng kết công tác thi đua năm 2019")
    page.click("#count-create button[type=submit]")
    page.wait_for_url(re.compile(r".*/khen-thuong/so-luong/\?year=2019$"))
    assert "Đã ghi" in page.inner_text(".alert")
    count = AwardCount.objects.get()
    assert (count.count, count.unit_id, count.year, count.decision_number) == (33, unit.pk, 2019, "")

    row = page.locator(f"#count-{count.pk}")
    row.locator("input[name=count]").fill("35")
    row.locator("button:has-text('Sửa')").click()
    page.wait_for_selector(".alert >> text=Đã sửa số lượng")
    count.refresh_from_db()
    assert count.count == 35

    page.goto(f"{live_server.url}/khen-thuong/thong-ke/?year=2019")
    assert "Tổng cộng 35 khen thưởng" in page.inner_text("#sentence")
    assert "35" in page.inner_text("#counts")
    box = page.locator("#counts").bounding_box()
    assert box is not None
    page.screenshot(path=str(tmp_path / f"award-counts-{width}.png"), full_page=True)
    assert (tmp_path / f"award-counts-{width}.png").stat().st_size > 0
