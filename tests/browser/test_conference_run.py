"""The cluster leader's staff runs a whole conference in the browser (issue 15.6b): plan it, agenda,
guests and delegates, a secret ballot created on the conference's ballots page, opened (committee
shares in a new tab), codes printed, delegates voting on their phones, closed, tallied with the
shares, published, and the conference minutes viewed and generated as Word. No service is called."""

import re

import pytest

from tests.browser.helpers import click_and_confirm
from tests.browser.test_voting import _open_and_take_shares, _print_codes
from thidua.conferences.models import Attendee, Conference
from thidua.voting.models import Ballot, SealedBallot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def _shoot(page, path, viewport) -> int:
    """Screenshot the page at `viewport`; returns the page's width (no horizontal overflow expected)."""
    page.set_viewport_size(viewport)
    page.screenshot(path=str(path), full_page=True)
    return page.evaluate("document.documentElement.scrollWidth")


def test_cluster_staff_runs_a_conference_and_its_ballot_in_the_browser(
    login_page, browser, live_server, term, provinces, users, tmp_path, settings
):
    settings.THIDUA_SOFFICE = "/nonexistent/soffice"  # Word only; no LibreOffice on a busy machine
    page = login_page(users["cluster_staff"])
    page.set_viewport_size(DESKTOP)
    # the header's bell is drawn, not an emoji: Debian's chromium has no emoji font (it showed a box)
    assert page.locator("#bell svg").count() == 1 and "🔔" not in page.inner_text("#bell")

    # 1. plan the conference
    page.goto(f"{live_server.url}/hoi-nghi/moi/")
    page.fill("#id_title", "Hội nghị sơ kết 6 tháng đầu năm 2024 Cụm thi đua số 11")
    page.fill("#id_date", "2024-07-16")
    page.select_option("#id_host", label=provinces[1].name)
    page.fill("#id_venue", "Hội trường Công an tỉnh Tiền Giang")
    page.click("button[type=submit] >> text=Lập kế hoạch")
    page.wait_for_selector("#attendees")
    conference = Conference.objects.get()
    conference_url = page.url

    # 2. agenda, a guest, four delegates (quorum 2/3 of six member units)
    for title in ("Báo cáo sơ kết 6 tháng đầu năm 2024", "Bỏ phiếu suy tôn đơn vị dẫn đầu"):
        page.click("#agenda summary")
        page.fill("#agenda input[name=title]", title)
        page.click("#agenda button[type=submit] >> text=Thêm")
        page.wait_for_selector(f"#agenda li >> text={title}")
    page.click("#guests summary")
    page.fill("#guests input[name=name]", "Nguyễn Văn Khách")
    page.fill("#guests input[name=position]", "Phó Trưởng ban Thi đua")
    page.click("#guests button[type=submit] >> text=Thêm")
    page.wait_for_selector("#guests >> text=Nguyễn Văn Khách")
    for unit in provinces[:4]:
        name = f"Trưởng đoàn {unit.short_name}"
        page.click("#attendees summary")
        page.select_option("#attendees select[name=unit]", label=unit.name)
        page.fill("#attendees input[name=name]", name)
        page.click("#attendees button[type=submit] >> text=Thêm")
        page.wait_for_selector(f"#attendees >> text={name}")
    assert Attendee.objects.filter(conference=conference, present=True, is_voter=True).count() == 4
    # the info card's count of units present follows the HTMX list (it stayed "0/6" until a reload)
    assert page.inner_text("#info #present-units") == "4/6"
    page.reload()
    assert page.inner_text("#info #present-units") == "4/6"
    assert _shoot(page, tmp_path / "conference-1366.png", DESKTOP) <= DESKTOP["width"]
    assert _shoot(page, tmp_path / "conference-390.png", PHONE) <= PHONE["width"]
    page.set_viewport_size(DESKTOP)

    # 3. from the conference to its ballots page, create the ballot with the form
    page.click("a.button >> text=Bỏ phiếu kín")
    page.wait_for_url(f"{live_server.url}/bo-phieu/hoi-nghi/{conference.pk}/")
    assert "Chưa có phiếu bầu." in page.inner_text("#ballots")
    page.select_option("#id_kind", "choose_one")
    page.fill("#id_title", "Suy tôn đơn vị dẫn đầu 6 tháng đầu năm 2024")
    form = page.locator("form.card")
    for unit in provinces[:3]:
        form.get_by_label(unit.name, exact=True).check()
    page.fill("#id_max_winners", "1")
    page.fill("#id_tally_chair", "Trần Văn Kiểm")
    page.click("form.card button[type=submit] >> text=Lập phiếu bầu")
    page.wait_for_url(re.compile(r"/bo-phieu/phieu/\d+/$"))
    ballot = Ballot.objects.get(conference=conference)
    assert page.inner_text("#ballot-status") == "Chuẩn bị"
    assert sorted(o.label for o in ballot.options.all()) == sorted(u.name for u in provinces[:3])

    # 4. open: the committee's shares come up once, in a new tab; then the codes are printed
    assert page.locator("#open-form input[name=committee]:checked").count() == 3
    shares = _open_and_take_shares(page)
    assert len(shares) == 3
    page.reload()
    page.wait_for_selector("#turnout-issued:has-text('4')")
    assert _shoot(page, tmp_path / "ballot-390.png", PHONE) <= PHONE["width"]
    assert _shoot(page, tmp_path / "ballot-1366.png", DESKTOP) <= DESKTOP["width"]
    codes = _print_codes(page, live_server, ballot.pk)
    assert len(codes) == 4

    # 5. the delegates vote on their phones (no login; the code from the slip's QR)
    choices = [provinces[0].name, provinces[0].name, provinces[2].name, provinces[0].name]
    receipts = []
    for number, (code, choice) in enumerate(zip(codes, choices, strict=True)):
        phone = browser.new_context(viewport=PHONE, locale="vi-VN")
        voter = phone.new_page()
        voter.goto(f"{live_server.url}/bo-phieu/bau/#{code}")
        assert voter.locator("#vote-form input:checked").count() == 0
        voter.get_by_label(choice).check()
        voter.click("#vote-submit")
        assert choice in voter.inner_text("#review")
        if number == 0:
            voter.screenshot(path=str(tmp_path / "vote-390.png"), full_page=True)
            assert voter.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        voter.click("#vote-confirm")
        receipts.append(voter.inner_text("#receipt").strip())
        phone.close()
    assert SealedBallot.objects.filter(ballot=ballot).count() == 4

    # 6. close, tally with two of the three shares, publish
    page.wait_for_selector("#turnout-used:has-text('4')", timeout=10000)
    click_and_confirm(page, "#action-close")
    page.fill("#share-1", shares[0])
    page.fill("#share-2", shares[1])
    click_and_confirm(page, "#action-tally")
    assert "Đạt: 3/4 phiếu" in page.inner_text("#results")
    click_and_confirm(page, "#action-publish")
    assert page.inner_text("#ballot-status") == "Đã công bố"
    assert all(r in page.inner_text("#receipts") for r in receipts)
    page.screenshot(path=str(tmp_path / "ballot-published-1366.png"), full_page=True)

    # 7. back to the conference: its ballots are listed, the minutes shown, then generated as Word
    page.goto(f"{live_server.url}/bo-phieu/hoi-nghi/{conference.pk}/")
    assert "Đã công bố" in page.inner_text("#ballots")
    page.goto(conference_url)
    page.click("a >> text=Xem biên bản hội nghị")
    minutes = page.inner_text("#minutes")
    assert "BIÊN BẢN" in minutes and "Báo cáo sơ kết 6 tháng đầu năm 2024" in minutes
    assert "Nguyễn Văn Khách" in minutes and provinces[0].name in minutes
    with page.expect_navigation():
        page.click("button >> text=Tạo biên bản (Word")
    page.wait_for_url(re.compile(r"/van-ban/\d+/"))
    assert "biên bản" in page.content().lower()
