"""Browser pages work under the Content-Security-Policy (scripts from 'self' only): no violation
reported, the page script's behaviours (select auto-submit, confirm, charts) still act."""

import pytest

from thidua.emulation.tests.factories import make_covenant, make_periods

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch(page):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def test_pages_run_under_the_policy_without_violations(login_page, live_server, users, term, ministry):
    make_covenant(term)
    periods = make_periods(ministry, 2024)
    page = login_page(users["board"])
    violations = _watch(page)
    assert "script-src 'self'" in page.goto(f"{live_server.url}/").headers["content-security-policy"]

    # footer language menu: auto-submit on change (was an inline onchange handler)
    page.select_option("footer select[name=language]", "en")
    page.wait_for_selector("html[lang=en]")
    page.select_option("footer select[name=language]", "vi")
    page.wait_for_selector("html[lang=vi]")

    # a year filter submits itself
    page.goto(f"{live_server.url}/thi-dua/?year=2024")
    with page.expect_navigation():  # wait for the submitted page, or the next goto races it
        page.select_option("select#year", index=0)

    # the progress chart is drawn by core/app.js (was an inline script)
    page.goto(f"{live_server.url}/thi-dua/cum/{term.pk}/tien-do/?period={periods['q1'].pk}")
    page.wait_for_function("document.getElementById('progress-chart').dataset.drawn === '1'")

    page.goto(f"{live_server.url}/khen-thuong/thong-ke/")
    page.goto(f"{live_server.url}/admin/")
    assert violations == []


def test_an_inline_script_would_be_refused(login_page, live_server, users):
    """The policy really is enforced by the browser (the test above could not fail otherwise)."""
    page = login_page(users["board"])
    violations = _watch(page)
    page.goto(f"{live_server.url}/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
        " document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.__ran") is None
    assert any("script-src" in v for v in violations)
