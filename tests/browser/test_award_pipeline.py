"""Browser (issue 17, "Done when"): a department's proposal climbs to its provincial council, is forwarded to
the Ministry, comes back with a reason, is resubmitted and decided by the Minister — the status log as the
user sees it at each step, at 1366 px."""

import re

import pytest

from tests.browser.helpers import click_and_confirm
from thidua.awards import catalogue, services
from thidua.awards.models import AwardType, ProposalBatch, ProposalStatus
from thidua.organisation.models import Role, UnitKind
from thidua.organisation.tests.factories import UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RETURN_REASON = "Thiếu báo cáo thành tích có xác nhận của Giám đốc"


def _log(page) -> list[tuple[str, str]]:
    """(action, from → to) of each row of the status log, as shown."""
    rows = page.locator("#status-log tbody tr")
    return [
        (rows.nth(i).locator("td").nth(3).inner_text(), rows.nth(i).locator("td").nth(4).inner_text())
        for i in range(rows.count())
    ]


def test_proposal_climbs_to_the_ministry_is_returned_resubmitted_and_decided(
    login_page, live_server, users, provinces, make_user, tmp_path
):
    catalogue.seed()
    province = provinces[1]
    department = UnitFactory(
        parent=province, kind=UnitKind.PROVINCIAL_DEPARTMENT, name="Phòng Cảnh sát hình sự", short_name="PC02"
    )
    province_board = make_user(Role.BOARD, province, full_name="Lê Thị Thường Trực")
    batch = services.batch_create(
        actor=users["officer"], title="Phòng PC02 đề nghị khen thưởng năm 2024", year=2024, unit=department
    )
    services.candidate_add(
        actor=users["officer"],
        batch=batch,
        award_type=AwardType.objects.get(code="BK-BCA-TT"),
        unit=department,
        achievement="Phá thành công chuyên án ma túy lớn năm 2024",
    )
    page = login_page(users["officer"])
    page.set_viewport_size({"width": 1366, "height": 900})
    base = live_server.url

    def as_user(user, url):
        page.context.clear_cookies()
        login_page(user)
        page.goto(url)

    def step(label):
        click_and_confirm(page, f"form button:has-text('{label}')", expect=label)
        page.wait_for_selector(".alert")

    lower_url = f"{base}/khen-thuong/de-nghi/{batch.pk}/"
    page.goto(lower_url)
    step("Trình lãnh đạo đơn vị")
    assert _log(page)[-1] == ("Trình lãnh đạo đơn vị", "Dự thảo → Chờ lãnh đạo đơn vị duyệt")

    as_user(users["unit_leader"], lower_url)
    step("Duyệt, gửi cấp trên")
    assert _log(page)[-1] == (
        "Lãnh đạo duyệt, gửi cấp trên",
        "Chờ lãnh đạo đơn vị duyệt → Đã gửi, chờ cấp trên tiếp nhận",
    )

    # the provincial council's desk: receive, appraise, conclude, forward the Minister's award
    as_user(province_board, lower_url)
    assert page.inner_text("#level") == "Hội đồng TĐKT Công an tỉnh / Cục"
    for label in ("Tiếp nhận hồ sơ", "Đưa ra Hội đồng TĐKT xét", "Hội đồng kết luận, trình"):
        step(label)
    click_and_confirm(page, "#forward", expect="lên cấp trên")
    page.wait_for_selector(".alert >> text=Đã chuyển lên cấp trên")
    assert [action for action, _ in _log(page)] == [
        "Ghi nhận trạng thái ban đầu",
        "Trình lãnh đạo đơn vị",
        "Lãnh đạo duyệt, gửi cấp trên",
        "Tiếp nhận hồ sơ",
        "Đưa ra Hội đồng TĐKT xét",
        "Hội đồng kết luận, trình cấp có thẩm quyền",
        "Chuyển lên cấp trên",
    ]
    assert page.inner_text("#status") == "Đã chuyển lên cấp trên"
    page.click("dd a:has-text('đề nghị Hội đồng TĐKT Bộ Công an')")
    page.wait_for_url(re.compile(r".*/khen-thuong/de-nghi/\d+/$"))
    upper = ProposalBatch.objects.get(is_consolidated=True)
    upper_url = f"{base}/khen-thuong/de-nghi/{upper.pk}/"
    assert batch.title in page.inner_text(".meta")  # "Tổng hợp từ đề nghị" links the origin
    step("Trình lãnh đạo đơn vị")
    as_user(users["unit_leader"], upper_url)
    step("Duyệt, gửi cấp trên")

    # the Ministry's desk receives and returns it with a reason
    as_user(users["board"], upper_url)
    assert page.inner_text("#level") == "Hội đồng TĐKT Bộ Công an"
    step("Tiếp nhận hồ sơ")
    page.fill("#return-reason", RETURN_REASON)
    click_and_confirm(page, "#return-form button[type=submit]")
    page.wait_for_selector(".alert")
    assert _log(page)[-1] == ("Trả lại đơn vị gửi", "Cụm / Thường trực thẩm định → Bị trả lại")
    assert RETURN_REASON in page.inner_text("#status-log")

    # back on the province's to-do list with the reason; resubmitted, sent again
    as_user(province_board, f"{base}/")
    assert RETURN_REASON in page.inner_text("#returned")
    page.click(f"#returned a:has-text('{upper.title}')")
    page.wait_for_url(upper_url)
    step("Gửi lại sau khi bổ sung")
    assert _log(page)[-1] == ("Gửi lại sau khi bổ sung", "Bị trả lại → Chờ lãnh đạo đơn vị duyệt")
    as_user(users["unit_leader"], upper_url)
    step("Duyệt, gửi cấp trên")

    # the Ministry appraises and the Minister decides
    as_user(users["board"], upper_url)
    for label in ("Tiếp nhận hồ sơ", "Đưa ra Hội đồng TĐKT xét", "Hội đồng kết luận, trình"):
        step(label)
    page.fill("#id_number", "118/QĐ-BCA")
    page.fill("#id_signed_on", "2025-01-15")
    page.fill("#id_signer_name", "Lương Tam Quang")
    page.fill("#id_signer_title", "Bộ trưởng")
    page.fill("#id_authority", "Bộ trưởng Bộ Công an")
    page.fill("#id_summary", "Tặng Bằng khen của Bộ trưởng Bộ Công an")
    page.click("#decision-form button[type=submit]")
    page.wait_for_selector(".alert >> text=Đã vào sổ quyết định")
    page.goto(upper_url)
    assert page.inner_text("#status") == "Đã có quyết định"
    assert _log(page)[-1] == ("Quyết định khen thưởng", "Đã trình cấp có thẩm quyền → Đã có quyết định")
    page.goto(lower_url)
    assert page.inner_text("#status") == "Đã có quyết định"
    assert _log(page)[-1] == ("Quyết định khen thưởng", "Đã chuyển lên cấp trên → Đã có quyết định")
    assert batch.candidates.get().status == "awarded"
    assert ProposalBatch.objects.get(pk=upper.pk).status == ProposalStatus.DECIDED
    page.screenshot(path=str(tmp_path / "award-pipeline-1366.png"), full_page=True)
    assert (tmp_path / "award-pipeline-1366.png").stat().st_size > 0
