"""A full secret ballot in the browser: three voters on their phones, the secretary's live view, minutes."""

import re

import pytest

from tests.browser.helpers import click_and_confirm
from thidua.conferences.tests.factories import AttendeeFactory, ConferenceFactory
from thidua.voting import services
from thidua.voting.models import Ballot, BallotKind, SealedBallot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_and_take_shares(page) -> list[str]:
    """Open the vote; the committee's share slips come up once, in a new tab (printed, handed out)."""
    with page.context.expect_page() as opened:
        click_and_confirm(page, "#action-open", navigates=False)
    slips = opened.value
    slips.wait_for_load_state()
    shares = [el.inner_text().strip() for el in slips.query_selector_all(".share-text")]
    assert len(slips.query_selector_all(".share svg")) == len(shares)
    slips.close()
    return shares


def _print_codes(page, live_server, ballot_id) -> list[str]:
    slips = page.context.new_page()
    slips.goto(f"{live_server.url}/bo-phieu/phieu/{ballot_id}/ma/")
    with page.context.expect_page() as printed_page:
        slips.click("#print-slips")
    printed = printed_page.value
    printed.wait_for_load_state()
    codes = [el.inner_text().strip() for el in printed.query_selector_all(".slip .code")]
    printed.close()
    slips.close()
    return codes


def test_three_voters_vote_and_the_secretary_tallies_publishes_and_gets_the_minutes(
    login_page, browser, live_server, term, provinces, users
):
    conference = ConferenceFactory(term=term, host=provinces[1], title="Hội nghị sơ kết 6 tháng đầu năm 2024")
    for unit in provinces[:3]:
        AttendeeFactory(conference=conference, unit=unit, name=f"Trưởng đoàn {unit.short_name}")
    ballot = services.ballot_create(
        actor=users["cluster_staff"],
        conference=conference,
        kind=BallotKind.CHOOSE_ONE,
        title="Suy tôn đơn vị dẫn đầu 6 tháng đầu năm 2024",
        units=provinces[:3],
        max_winners=1,
        quorum_numerator=1,
        quorum_denominator=2,
        tally_chair="Trần Văn Kiểm",
    )
    page = login_page(users["cluster_staff"])
    page.goto(f"{live_server.url}/bo-phieu/phieu/{ballot.pk}/")
    shares = _open_and_take_shares(page)
    assert len(shares) == 3
    page.reload()
    page.wait_for_selector("#turnout-issued:has-text('3')")

    slips = page.context.new_page()
    slips.goto(f"{live_server.url}/bo-phieu/phieu/{ballot.pk}/ma/")
    with page.context.expect_page() as printed_page:
        slips.click("#print-slips")  # the one time the codes are shown
    printed = printed_page.value
    printed.wait_for_load_state()
    codes = [el.inner_text().strip() for el in printed.query_selector_all(".slip .code")]
    assert len(codes) == 3 and len(printed.query_selector_all(".slip svg")) == 3
    printed.close()
    slips.reload()
    assert not any(code in slips.content() for code in codes)  # never shown again
    slips.close()

    choices = [provinces[0].name, provinces[0].name, provinces[2].name]
    receipts = []
    for code, choice in zip(codes, choices, strict=True):
        phone = browser.new_context(viewport={"width": 390, "height": 800}, locale="vi-VN")  # no login
        voter = phone.new_page()
        sent = []
        voter.on("request", lambda request, sent=sent: sent.append(request.url))
        voter.goto(f"{live_server.url}/bo-phieu/bau/#{code}")  # what the slip's QR opens
        assert voter.locator("#vote-form input:checked").count() == 0  # nothing preselected
        voter.get_by_label(choice).check()
        voter.click("#vote-submit")
        assert choice in voter.inner_text("#review")
        voter.click("#vote-confirm")
        receipts.append(voter.inner_text("#receipt").strip())
        voter.goto("about:blank")
        voter.goto(f"{live_server.url}/bo-phieu/bau/#{code}")
        voter.wait_for_selector("#code-used")
        assert not [url for url in sent if code.replace("-", "") in url.replace("-", "")]
        phone.close()
    assert sorted(receipts) == sorted(SealedBallot.objects.values_list("tracker", flat=True))

    # the live view updates by polling, without a reload
    page.wait_for_selector("#turnout-used:has-text('3')", timeout=10000)
    click_and_confirm(page, "#action-close")
    page.fill("#share-1", shares[0])
    page.fill("#share-3", shares[2])
    click_and_confirm(page, "#action-tally")
    rule = page.inner_text("#results")
    assert "Đạt: 2/3 phiếu = 66,7 % > 50 %" in rule
    click_and_confirm(page, "#action-publish")
    assert page.inner_text("#ballot-status") == "Đã công bố"
    published = page.inner_text("#receipts")
    assert all(r in published for r in receipts)

    # both ways to the minutes: the page, then the Word document generated from it (the secretary may)
    page.click("#minutes-link")
    assert "BIÊN BẢN KIỂM PHIẾU" in page.inner_text("#minutes")
    page.click("#generate-minutes")
    page.wait_for_url(re.compile(r"/van-ban/\d+/"))
    assert "kiểm phiếu" in page.content().lower()
    assert Ballot.objects.get(pk=ballot.pk).status == "published"


def test_demo_cum11_classification_ballot_with_a_three_member_committee(browser, live_server, settings):
    """The demo's Cụm 11 ballot: open (3 shares), vote on phones, close, 2 shares at the tally, minutes."""
    import io

    from django.core.management import call_command

    from thidua.organisation.demo import DEMO_PASSWORD

    settings.THIDUA_SOFFICE = "/nonexistent/soffice"
    call_command("demo_load", stdout=io.StringIO())
    ballot = Ballot.objects.get(title="Bỏ phiếu kín xếp loại thi đua 6 tháng đầu năm 2024")
    assert (ballot.committee_size, ballot.seal_threshold, ballot.status) == (3, 2, "draft")
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.fill("#id_username", "cumtruong.soctrang")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/bo-phieu/phieu/{ballot.pk}/")
    assert page.locator("#open-form input[name=committee]:checked").count() == 3
    shares = _open_and_take_shares(page)
    assert len(shares) == 3
    codes = _print_codes(page, live_server, ballot.pk)
    assert codes
    first_option = ballot.options.order_by("order").first()
    for code in codes:
        phone = browser.new_context(viewport={"width": 390, "height": 800}, locale="vi-VN")
        voter = phone.new_page()
        voter.goto(f"{live_server.url}/bo-phieu/bau/#{code}")
        assert voter.locator("#vote-form input:checked").count() == 0  # nothing preselected
        voter.check(f"input[name=option_{first_option.pk}][value=excellent]")
        voter.click("#vote-submit")
        assert (
            voter.locator("#review").count() == 0
        )  # the other units still need a mark: no all-abstain by one tap
        for other in ballot.options.exclude(pk=first_option.pk):
            voter.check(f"input[name=option_{other.pk}][value=abstain]")
        voter.click("#vote-submit")
        assert f"{first_option.label}: Xuất sắc" in voter.inner_text("#review")
        voter.click("#vote-confirm")
        voter.wait_for_selector("#receipt")
        phone.close()
    page.goto(f"{live_server.url}/bo-phieu/phieu/{ballot.pk}/")
    click_and_confirm(page, "#action-close")
    assert len(page.inner_text("#trackers")) > 64 * len(codes)
    page.fill("#share-2", shares[1])
    click_and_confirm(page, "#action-tally")
    assert "Cần ít nhất 2 mảnh khóa" in page.content()  # one share opens nothing
    page.fill("#share-2", shares[1])
    page.fill("#share-3", shares[2])
    click_and_confirm(page, "#action-tally")
    assert "Xuất sắc" in page.inner_text("#results")
    page.click("#minutes-link")
    minutes = page.inner_text("#minutes")
    ballot.refresh_from_db()
    assert "BIÊN BẢN KIỂM PHIẾU" in minutes and ballot.tracker_fingerprint in minutes
    assert (
        f"số phiếu niêm phong được mở: {len(codes)}" in minutes and "được nhập khi kiểm phiếu: 2" in minutes
    )
    assert all(m.name in minutes for m in ballot.committee_members.all())
    context.close()
