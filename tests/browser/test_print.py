"""Browser (issue 15.14): the pages people print — ranking, eligibility list — print without menus or forms,
with their tables whole (rows never split across pages, the header row repeated) and the chart kept."""

import pytest

from thidua.scoring import services
from thidua.scoring.tests import conftest as scoring_fixtures

period, covenant, reports = scoring_fixtures.period, scoring_fixtures.covenant, scoring_fixtures.reports

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STYLE = (
    "([selector, property]) => getComputedStyle(document.querySelector(selector)).getPropertyValue(property)"
)


def test_the_ranking_prints_without_menus_or_forms_and_keeps_its_table_whole(
    login_page, live_server, users, term, period, reports, tmp_path
):
    services.scores_compute(actor=users["cluster_staff"], term=term, period=period)
    page = login_page(users["cluster_staff"])
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/cham-diem/cum/{term.pk}/ky/{period.pk}/")
    # on screen: the menu and the page's forms are there
    assert page.locator("header.topbar").is_visible() and page.locator("#mainnav").count() == 1
    screen_forms = [f for f in page.locator("main form, .container form").all() if f.is_visible()]
    assert screen_forms, "the ranking page has forms on screen (lock, compute…)"
    assert (
        page.locator("#cluster-actions h2").is_visible() and page.locator("#leaderboard-export").is_visible()
    )

    page.emulate_media(media="print")
    assert not page.locator("header.topbar").is_visible()
    assert not page.locator("#mainnav").is_visible()
    assert not any(f.is_visible() for f in page.locator("form").all())
    assert not any(b.is_visible() for b in page.locator("button, a.button").all())
    # no empty "Thao tác của Cụm" heading, no export link on paper (both there on screen)
    assert (
        not page.locator("#cluster-actions").is_visible()
        and not page.locator("#leaderboard-export").is_visible()
    )
    assert "Thao tác của Cụm" not in page.inner_text("body") and "Xuất Excel" not in page.inner_text("body")
    # the content is there, whole
    assert page.locator("h1").is_visible() and "Bảng tổng hợp điểm, xếp hạng" in page.inner_text("h1")
    assert page.locator("#leaderboard").is_visible()
    assert page.locator("#leaderboard tbody tr").count() == len(reports)
    assert page.evaluate(STYLE, ["#leaderboard tbody tr", "break-inside"]) == "avoid"
    assert page.evaluate(STYLE, ["#leaderboard thead", "display"]) == "table-header-group"
    assert page.evaluate(STYLE, ["canvas[data-chart]", "break-inside"]) == "avoid"
    assert page.locator("canvas[data-chart]").is_visible()
    # a printed page: Chromium lays it out on A4 without error
    pdf = page.pdf(path=str(tmp_path / "ranking-print.pdf"), format="A4")
    assert pdf[:4] == b"%PDF"
    page.screenshot(path=str(tmp_path / "ranking-print.png"), full_page=True)

    page.emulate_media(media="screen")
    assert page.locator("header.topbar").is_visible()  # back on screen, nothing was removed


def test_the_eligibility_list_prints_its_rows_and_not_its_filter(login_page, live_server, users, tmp_path):
    page = login_page(users["officer"])
    page.goto(f"{live_server.url}/khen-thuong/sap-du-dieu-kien/?year=2025")
    assert page.locator("form.toolbar").first.is_visible()
    page.emulate_media(media="print")
    assert not page.locator("form.toolbar").first.is_visible()
    assert not page.locator("header.topbar").is_visible()
    assert page.locator("#next").is_visible() and page.locator("h1").is_visible()
    page.screenshot(path=str(tmp_path / "eligibility-print.png"), full_page=True)
