"""Browser (issue 15.1): an officer starts an award season on the awards page, adds a candidate, reloads."""

import re

import pytest

from thidua.awards import catalogue
from thidua.awards.models import AwardType, ProposalBatch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)])
def test_officer_starts_a_batch_adds_a_unit_and_sees_it_after_reload(
    login_page, live_server, users, provinces, tmp_path, width, height
):
    catalogue.seed()
    award = AwardType.objects.get(code="BK-BCA-TT")
    unit = provinces[1]
    page = login_page(users["officer"])
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/khen-thuong/")
    page.click("#batch-start")
    page.wait_for_selector("h1 >> text=Bắt đầu đợt đề nghị khen thưởng")
    assert page.input_value("#id_proposer") == f"u:{unit.pk}"  # the only unit the officer drafts for
    page.fill("#id_title", "Đề nghị khen thưởng năm 2025 của Công an tỉnh Tiền Giang")
    page.fill("#id_year", "2025")
    page.select_option("#id_track", "regular")
    page.fill("#id_submit_by", "2025-11-30")
    page.click("#batch-create button[type=submit]")
    page.wait_for_url(re.compile(r".*/khen-thuong/de-nghi/\d+/$"))
    batch = ProposalBatch.objects.get()
    assert (batch.unit_id, batch.year, batch.submit_by.isoformat()) == (unit.pk, 2025, "2025-11-30")
    assert "Đã bắt đầu đợt đề nghị" in page.inner_text(".alert")

    page.click("text=Thêm đối tượng đề nghị từ cá nhân, tập thể của đơn vị")
    page.select_option("#id_award_type", str(award.pk))
    page.select_option("#id_unit", str(unit.pk))
    page.fill("#id_achievement", "Dẫn đầu phong trào thi đua năm 2025")
    page.click("#candidate-form button[type=submit]")
    page.wait_for_selector(".alert >> text=Đã thêm đối tượng đề nghị")

    page.reload()
    assert page.inner_text("h1") == "Đề nghị khen thưởng năm 2025 của Công an tỉnh Tiền Giang"
    assert page.inner_text("#submit-by") == "30/11/2025"
    assert unit.name in page.inner_text("#candidates")
    page.goto(f"{live_server.url}/khen-thuong/?year=2025")
    assert "Đề nghị khen thưởng năm 2025 của Công an tỉnh Tiền Giang" in page.inner_text("#batches")
    page.click("#batch-start")
    assert page.is_visible("#batch-create button[type=submit]")
    form_box = page.locator("#batch-create").bounding_box()
    assert form_box is not None and form_box["x"] + form_box["width"] <= width
    page.screenshot(path=str(tmp_path / f"award-season-{width}.png"), full_page=True)
    assert (tmp_path / f"award-season-{width}.png").stat().st_size > 0
