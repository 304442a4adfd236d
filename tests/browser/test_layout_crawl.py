"""Issue 15.14: every page the demo crawl reaches fits a 390 px phone (no horizontal scroll of the page:
document.documentElement.scrollWidth <= 390; wide tables scroll inside their own box).

The crawl is the URL walker of tests/e2e/test_demo.py (internal GET links from the dashboard). The test
prints the median and 90th-percentile time of the pages (server and browser) for the record."""

import io
import statistics
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from tests.e2e.test_demo import _crawl
from thidua.organisation.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# the accounts whose crawls together reach every kind of page: board, cluster leader's staff, an officer
ACCOUNTS = ("thuongtruc.bca", "cumtruong.soctrang", "canbo.tiengiang")


def _pages(username: str) -> dict[str, float]:
    """{path: seconds} of the account's crawl (server time, through Django's test client)."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    timings: dict[str, float] = {}
    html: set[str] = set()
    real_get = client.get

    def timed_get(path, *args, **kwargs):
        started = time.perf_counter()
        response = real_get(path, *args, **kwargs)
        timings[path] = time.perf_counter() - started
        if "text/html" in response.get("Content-Type", "") and not response.has_header("Content-Disposition"):
            html.add(path)
        return response

    client.get = timed_get  # type: ignore[method-assign]
    visited = _crawl(client)
    return {path: timings[path] for path, status in visited.items() if status == 200 and path in html}


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def test_every_crawled_page_fits_a_phone(browser, live_server, settings, tmp_path, capsys):
    settings.THIDUA_SOFFICE = "/nonexistent/soffice"
    call_command("demo_load", stdout=io.StringIO())
    usernames = [u for u in ACCOUNTS if get_user_model().objects.filter(username=u).exists()]
    assert len(usernames) >= 2, usernames
    server_times: dict[str, float] = {}
    browser_times: list[float] = []
    too_wide: list[str] = []
    widest = ("", 0)
    for username in usernames:
        pages = _pages(username)
        server_times.update({f"{username} {path}": seconds for path, seconds in pages.items()})
        context = browser.new_context(viewport=PHONE, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
        page = context.new_page()
        page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        for path in pages:
            if path.endswith((".xlsx", ".docx", ".pdf", "/pdf/", "/excel/", ".csv", ".zip")):
                continue
            started = time.perf_counter()
            response = page.goto(f"{live_server.url}{path}", wait_until="load")
            browser_times.append(time.perf_counter() - started)
            if response is None or "text/html" not in (response.headers.get("content-type") or ""):
                continue
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > widest[1]:
                widest = (f"{username} {path}", width)
            if width > PHONE["width"]:
                too_wide.append(f"{username} {path}: {width} px")
                page.screenshot(path=str(tmp_path / f"too-wide-{len(too_wide)}.png"), full_page=True)
        context.close()
    times = list(server_times.values())
    with capsys.disabled():
        print(
            f"\n[layout crawl] {len(times)} pages, {len(browser_times)} in the browser at 390 px;"
            f" server median {statistics.median(times) * 1000:.0f} ms, p90 {_percentile(times, 0.9) * 1000:.0f} ms;"
            f" browser median {statistics.median(browser_times) * 1000:.0f} ms,"
            f" p90 {_percentile(browser_times, 0.9) * 1000:.0f} ms; widest {widest[1]} px ({widest[0]})"
        )
    assert not too_wide, "pages wider than a 390 px phone:\n" + "\n".join(too_wide)
