"""Planning a conference in the browser: rotation suggestion, delegates added with HTMX, status."""

import pytest

from thidua.conferences.models import Attendee, Conference

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_plans_a_conference_and_adds_delegates(login_page, live_server, term, provinces, users):
    page = login_page(users["cluster_staff"])
    page.goto(f"{live_server.url}/hoi-nghi/moi/")
    assert page.is_visible("#rotation >> text=Đề xuất")
    page.fill("#id_title", "Hội nghị sơ kết 6 tháng đầu năm 2024 Cụm thi đua số 11")
    page.fill("#id_date", "2024-07-16")
    page.select_option("#id_host", label=provinces[1].name)
    page.click("button[type=submit] >> text=Lập kế hoạch")
    page.wait_for_selector("#attendees")
    conference = Conference.objects.get()
    assert conference.host == provinces[1]

    page.click("#attendees summary")
    page.select_option("#attendees select[name=unit]", label=provinces[0].name)
    page.fill("#attendees input[name=name]", "Lâm Văn Trưởng Đoàn")
    page.click("#attendees button[type=submit] >> text=Thêm")
    page.wait_for_selector("#attendees >> text=Lâm Văn Trưởng Đoàn")
    assert Attendee.objects.get(conference=conference).is_voter

    page.click("#info button >> text=Đã tổ chức")
    page.wait_for_selector("#conference-status:has-text('Đã tổ chức')")
