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
