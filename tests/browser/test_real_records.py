"""Browser (issue 16): facts from real papers entered as far as they are known.

16.3 a conference known only to the year; 16.5 a covenant signed without a point scale, with its
operating rules known to the month."""

import re

import pytest

from tests.browser.helpers import click_and_confirm
from thidua.conferences.models import Conference
from thidua.emulation.models import Covenant, CovenantDocument

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = [(1366, 900), (390, 844)]


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_staff_plan_a_conference_known_only_to_the_year(
    login_page, live_server, users, term, tmp_path, width, height
):
    page = login_page(users["cluster_staff"])
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/hoi-nghi/moi/?term={term.pk}")
    page.select_option("#id_kind", "year_end")
    page.fill("#id_title", "Hội nghị tổng kết phong trào thi đua năm 2024")
    page.fill("#id_date", "năm 2024")
    page.click("form[method=post][action$='/hoi-nghi/moi/'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/hoi-nghi/\d+/$"))
    conference = Conference.objects.get()
    assert conference.date_precision == "year"
    info = page.inner_text("#info")
    assert "năm 2024" in info and "01/01/2024" not in info
    assert page.input_value("#info input[name=date]") == "2024"
    page.screenshot(path=str(tmp_path / f"conference-year-{width}.png"), full_page=True)
    assert (tmp_path / f"conference-year-{width}.png").stat().st_size > 0


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_staff_record_a_qualitative_covenant_and_its_operating_rules(
    login_page, live_server, users, term, tmp_path, width, height
):
    page = login_page(users["cluster_staff"])
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/thi-dua/cum/{term.pk}/giao-uoc/")
    page.fill("#id_slogan", "Kỷ cương, trách nhiệm, hiệu quả")
    page.select_option("#id_scale", "qualitative")
    page.click("form[action$='/create/'] button[type=submit]")
    page.wait_for_selector("#covenant-scale >> text=Không có thang điểm")
    page.fill("form[action$='/group/'] #id_code", "I")
    page.fill("form[action$='/group/'] #id_title", "Công tác chuyên môn, nghiệp vụ")
    page.click("form[action$='/group/'] button[type=submit]")
    page.wait_for_selector("#criteria-tree >> text=Công tác chuyên môn, nghiệp vụ")
    page.fill("#criterion-form #id_code", "1.1")
    page.fill("#criterion-form #id_title", "Tỷ lệ điều tra, khám phá án đạt trên 80 %")
    page.click("#criterion-form button[type=submit]")
    page.wait_for_selector("#criteria-tree >> text=Tỷ lệ điều tra, khám phá án đạt trên 80 %")
    page.fill("#sign-form #id_signed_on", "01/03/2024")
    click_and_confirm(page, "#sign-form button[type=submit]")
    page.wait_for_selector("#covenant-status >> text=Đã ký kết")
    page.select_option("#document-form #id_kind", "operating_rules")
    page.fill("#document-form #id_title", "Quy chế hoạt động Cụm thi đua số 11")
    page.fill("#document-form #id_adopted_on", "3/2024")
    page.click("#document-form button[type=submit]")
    page.wait_for_selector("#documents >> text=Quy chế hoạt động Cụm thi đua số 11")
    page.reload()
    assert "tháng 03/2024" in page.inner_text("#documents")
    covenant = Covenant.objects.get()
    assert covenant.is_signed and covenant.is_qualitative
    assert CovenantDocument.objects.get().adopted_on_precision == "month"
    box = page.locator("#document-form").bounding_box()
    assert box is not None and box["x"] + box["width"] <= width + 1
    page.screenshot(path=str(tmp_path / f"qualitative-covenant-{width}.png"), full_page=True)
    assert (tmp_path / f"qualitative-covenant-{width}.png").stat().st_size > 0


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_staff_record_a_bao_cong_on_its_own_and_the_clusters_results(
    login_page, live_server, users, term, provinces, tmp_path, width, height
):
    from thidua.conferences.models import SideEvent
    from thidua.emulation.models import TermResult

    page = login_page(users["cluster_staff"])
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/hoi-nghi/")
    page.click("#event-create")
    page.select_option("#id_term", str(term.pk))
    page.select_option("#id_kind", "achievement_report")
    page.fill("#id_title", "Báo công dâng Bác tại Khu di tích Kim Liên")
    page.fill("#id_date", "5/2024")
    page.fill("#id_venue", "Khu di tích Kim Liên")
    page.click("#event-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/hoi-nghi/hoat-dong/\d+/$"))
    assert "tháng 05/2024" in page.inner_text("#event-info")
    assert SideEvent.objects.get().is_standalone

    page.goto(f"{live_server.url}/thi-dua/cum/{term.pk}/")
    page.select_option("#result-form #id_measure", "rate")
    page.fill("#result-form #id_label", "Tỷ lệ khám phá án")
    page.select_option("#result-form #id_qualifier", "approximate")
    page.fill("#result-form #id_value", "95")
    page.click("#result-form button[type=submit]")
    page.wait_for_selector("#term-results >> text=gần 95 %")
    assert "Cả cụm" in page.inner_text("#term-results")
    assert TermResult.objects.get().unit is None
    box = page.locator("#result-form").bounding_box()
    assert box is not None and box["x"] + box["width"] <= width + 1
    page.screenshot(path=str(tmp_path / f"cluster-results-{width}.png"), full_page=True)
    assert (tmp_path / f"cluster-results-{width}.png").stat().st_size > 0
