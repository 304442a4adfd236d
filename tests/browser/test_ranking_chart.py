"""Browser (issue 15.15): the ranking chart's value axis fits the scores (no flat bars on a 0-based axis);
numbers on it are Vietnamese."""

import pytest

from thidua.scoring import services
from thidua.scoring.models import ScoreSheet
from thidua.scoring.tests import conftest as scoring_fixtures

period, covenant, reports = scoring_fixtures.period, scoring_fixtures.covenant, scoring_fixtures.reports

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ranking_chart_axis_fits_the_scores(login_page, live_server, users, term, period, reports, tmp_path):
    services.scores_compute(actor=users["cluster_staff"], term=term, period=period)
    totals = [
        float(t) for t in ScoreSheet.objects.filter(term=term, period=period).values_list("total", flat=True)
    ]
    page = login_page(users["cluster_staff"])
    page.goto(f"{live_server.url}/cham-diem/cum/{term.pk}/ky/{period.pk}/")
    page.wait_for_function("window.Chart && Chart.getChart(document.querySelector('canvas[data-chart]'))")
    axis = page.evaluate(
        "(() => { const s = Chart.getChart(document.querySelector('canvas[data-chart]')).scales.y;"
        " return {min: s.min, max: s.max}; })()"
    )
    selves = [float(t) for t in ScoreSheet.objects.values_list("self_total", flat=True) if t]
    low = min(totals + selves)
    assert 0 < axis["min"] <= low and axis["max"] >= max(totals)
    assert axis["max"] - axis["min"] < 100  # scores of ~80 no longer sit on a 0–100 axis
    page.locator(".chart-box").screenshot(path=str(tmp_path / "ranking-chart.png"))


def test_a_score_saved_reloaded_and_saved_again_keeps_its_value(
    login_page, live_server, users, term, period, reports, provinces, covenant
):
    """Issue 15.11: the grid's number inputs round-trip (a localised "15,50" in a number box would come back
    empty and the next save would send a blank)."""
    from decimal import Decimal

    from thidua.scoring.models import ScoreLine

    services.scores_compute(actor=users["cluster_staff"], term=term, period=period)
    sheet = ScoreSheet.objects.get(term=term, period=period, unit=provinces[2])
    page = login_page(users["cluster_staff"])
    page.goto(f"{live_server.url}/cham-diem/bang-diem/{sheet.pk}/")
    cell = page.get_by_label("Điểm Cụm thẩm định 1.2")
    assert cell.get_attribute("type") == "number"
    cell.fill("15.5")
    with page.expect_response("**/tham-dinh/"):
        cell.press("Tab")
    page.locator(".cell-saved").wait_for()
    page.reload()
    cell = page.get_by_label("Điểm Cụm thẩm định 1.2")
    assert cell.input_value() == "15.50"
    reason = page.get_by_label("Lý do điều chỉnh 1.2")
    reason.fill("Theo biên bản kiểm tra chéo")
    with page.expect_response("**/tham-dinh/"):
        reason.press("Tab")  # the cell posts again with the value it shows
    line = ScoreLine.objects.get(sheet=sheet, criterion=covenant.criteria.a2)
    assert line.assessed_points == Decimal("15.50")
    page.reload()
    assert page.get_by_label("Điểm Cụm thẩm định 1.2").input_value() == "15.50"
    assert "15,50" in page.inner_text("#total-final") or "," in page.inner_text("#total-final")
