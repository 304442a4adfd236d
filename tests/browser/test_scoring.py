"""Browser: the leader unit's staff reviews Cụm 11's 6-month leaderboard, opens an explanation and
edits a score in the grid of another member (HTMX save per cell with validation); their own
unit's grid is read-only for them (separation of duties, 13.8)."""

from decimal import Decimal

import pytest

from thidua.scoring import services
from thidua.scoring.models import ScoreLine, ScoreSheet
from thidua.scoring.tests import conftest as scoring_fixtures

# the scoring fixtures (Cụm 11 covenant, accepted targets and 6-month reports)
period, covenant, reports = scoring_fixtures.period, scoring_fixtures.covenant, scoring_fixtures.reports

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_staff_reviews_leaderboard_explanation_and_edits_a_cell(
    login_page, live_server, users, term, period, reports, covenant, provinces
):
    services.scores_compute(actor=users["cluster_staff"], term=term, period=period)
    page = login_page(users["cluster_staff"])

    page.goto(f"{live_server.url}/cham-diem/cum/{term.pk}/ky/{period.pk}/")
    first_row = page.locator("#leaderboard tbody tr").first
    assert "Công an tỉnh Sóc Trăng" in first_row.inner_text()
    assert "80,00" in first_row.inner_text()

    # the explanation of a total is one click away (HTMX popover)
    first_row.locator("button.why").click()
    explanation = page.locator("#explain [data-testid=explanation]")
    explanation.wait_for()
    assert "Vì sao có số điểm này?" in explanation.inner_text()
    assert "Thứ hạng 1" in explanation.inner_text()
    page.keyboard.press("Escape")

    # their own unit's grid (first place) is read-only for them, and says why
    first_row.locator("a").first.click()
    page.wait_for_url("**/bang-diem/**")
    page.locator("#own-unit-notice").wait_for()
    assert page.get_by_label("Điểm Cụm thẩm định 1.2").count() == 0
    page.go_back()

    # another member's grid: an assessed score above the criterion's max is refused, a valid one is saved
    sheet = ScoreSheet.objects.get(term=term, period=period, unit=provinces[2])
    before = sheet.total
    page.locator("#leaderboard tbody tr", has_text=provinces[2].name).locator("a").first.click()
    page.wait_for_url("**/bang-diem/**")
    cell = page.get_by_label("Điểm Cụm thẩm định 1.2")
    cell.fill("25")
    cell.press("Tab")
    error = page.locator(".cell-message")
    error.wait_for()
    assert "Điểm phải từ 0 đến 20" in error.inner_text()

    cell = page.get_by_label("Điểm Cụm thẩm định 1.2")
    cell.fill("15")
    with page.expect_response("**/tham-dinh/"):
        cell.press("Tab")
    page.locator(".cell-saved").wait_for()
    expected = f"{before + 15:.2f}".replace(".", ",")
    page.wait_for_function(f"document.querySelector('#total-final').innerText.includes('{expected}')")
    reason = page.get_by_label("Lý do điều chỉnh 1.2")
    reason.fill("Theo biên bản kiểm tra chéo")
    with page.expect_response("**/tham-dinh/"):
        reason.press("Tab")

    sheet.refresh_from_db()
    line = ScoreLine.objects.get(sheet=sheet, criterion=covenant.criteria.a2)
    assert (
        line.assessed_points == Decimal("15.00") and line.difference_reason == "Theo biên bản kiểm tra chéo"
    )
    assert sheet.total == before + Decimal("15")
