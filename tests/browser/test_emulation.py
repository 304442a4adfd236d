"""Browser: an officer registers targets and reports Q1 with an attachment; the unit leader approves,
the cluster leader's staff accepts; the cluster's progress updates."""

import pytest

from tests.browser.helpers import click_and_confirm
from thidua.emulation.models import Evidence, PeriodReport, SubmissionStatus, TargetRegistration
from thidua.emulation.tests.factories import make_covenant, make_periods

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _switch(page, login_page, user):
    page.context.clear_cookies()
    return login_page(user)


def test_register_report_approve_accept_and_progress(
    login_page, live_server, users, term, ministry, provinces
):
    make_covenant(term)
    periods = make_periods(ministry, 2024)
    unit = provinces[1]
    base = f"{live_server.url}/thi-dua/cum/{term.pk}/don-vi/{unit.pk}"

    # the unit officer registers a target (HTMX form) and submits the registration
    page = login_page(users["officer"])
    page.goto(f"{base}/dang-ky/")
    page.select_option("#id_criterion", label="1.1. Kiềm chế tội phạm về trật tự xã hội")
    page.fill("#id_indicator", "Số vụ phạm pháp hình sự được điều tra, khám phá")
    page.fill("#id_unit_of_measure", "vụ")
    page.fill("#id_target_value", "400")
    page.click("#add-target")
    page.wait_for_selector("#targets >> text=Số vụ phạm pháp hình sự được điều tra, khám phá")
    click_and_confirm(page, "#submit-registration")
    page.wait_for_selector("#registration-status >> text=Đã gửi")

    # the unit leader approves, the cluster leader's staff accepts
    page = _switch(page, login_page, users["unit_leader"])
    page.goto(f"{base}/dang-ky/")
    click_and_confirm(page, "#approve")
    page.wait_for_selector("#registration-status >> text=Lãnh đạo đơn vị đã duyệt")
    page = _switch(page, login_page, users["cluster_staff"])
    page.goto(f"{base}/dang-ky/")
    click_and_confirm(page, "#accept")
    page.wait_for_selector("#registration-status >> text=Cụm trưởng đã tiếp nhận")
    assert TargetRegistration.objects.get(unit=unit).status == SubmissionStatus.ACCEPTED

    # the officer reports Q1 with an attachment
    page = _switch(page, login_page, users["officer"])
    page.goto(f"{base}/ky/{periods['q1'].pk}/")
    page.set_input_files(
        "#evidence-file",
        files=[{"name": "bien-ban-quy-1.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF"}],
    )
    page.click("#upload-evidence")
    page.wait_for_selector("#evidence >> text=bien-ban-quy-1.pdf")
    page.locator("#values input[type=number]").first.fill("120")
    page.fill("#id_narrative_professional", "Triệt phá 2 đường dây ma túy")
    click_and_confirm(page, "#submit-report")
    page.wait_for_selector("#report-status >> text=Đã gửi")

    page = _switch(page, login_page, users["unit_leader"])
    page.goto(f"{base}/ky/{periods['q1'].pk}/")
    click_and_confirm(page, "#approve")
    page.wait_for_selector("#report-status >> text=Lãnh đạo đơn vị đã duyệt")

    # before acceptance the cluster's progress does not count the report
    page = _switch(page, login_page, users["cluster_staff"])
    progress_url = f"{live_server.url}/thi-dua/cum/{term.pk}/tien-do/?period={periods['q1'].pk}"
    page.goto(progress_url)
    assert page.locator("#cluster-on-track").inner_text() == "0"
    page.goto(f"{base}/ky/{periods['q1'].pk}/")
    click_and_confirm(page, "#accept")
    page.wait_for_selector("#report-status >> text=Cụm trưởng đã tiếp nhận")
    report = PeriodReport.objects.get(unit=unit)
    assert report.status == SubmissionStatus.ACCEPTED and Evidence.objects.filter(report=report).count() == 1

    page.goto(progress_url)
    assert page.locator("#cluster-on-track").inner_text() == "1"
    assert (
        "100,0 %" in page.locator("#cluster-share").inner_text()
        or "100.0 %" in page.locator("#cluster-share").inner_text()
    )
    page.wait_for_function("document.getElementById('progress-chart').dataset.drawn === '1'")


def test_returned_report_shows_the_reason_to_the_officer(
    login_page, live_server, users, term, ministry, provinces
):
    from decimal import Decimal

    from thidua.emulation import services
    from thidua.emulation.tests.factories import make_registration

    covenant = make_covenant(term)
    periods = make_periods(ministry, 2024)
    registration = make_registration(term, provinces[1], covenant)
    report = services.report_open(actor=users["officer"], term=term, unit=provinces[1], period=periods["q1"])
    services.report_save(
        actor=users["officer"], report=report, values={t.pk: Decimal("1") for t in registration.targets.all()}
    )
    services.report_submit(actor=users["officer"], report=report)
    services.report_approve(actor=users["unit_leader"], report=report)

    page = login_page(users["cluster_staff"])
    url = f"{live_server.url}/thi-dua/cum/{term.pk}/don-vi/{provinces[1].pk}/ky/{periods['q1'].pk}/"
    page.goto(url)
    page.fill("#id_reason", "Thiếu số liệu chỉ tiêu ma túy")
    page.click("#return")
    page.wait_for_selector("#report-status >> text=Bị trả lại")
    page = _switch(page, login_page, users["officer"])
    page.goto(url)
    assert page.locator("#workflow").get_by_text("Thiếu số liệu chỉ tiêu ma túy").is_visible()
    assert page.locator("#submit-report").is_visible()


def test_officer_corrects_a_target_in_place_and_the_board_launches_a_movement(
    login_page, live_server, users, term, provinces
):
    from decimal import Decimal

    from thidua.emulation.models import Movement, Target
    from thidua.emulation.tests.factories import make_registration

    covenant = make_covenant(term)
    registration = make_registration(term, provinces[1], covenant, status=SubmissionStatus.DRAFT)
    target = registration.targets.get(order=1)
    page = login_page(users["officer"])
    page.goto(f"{live_server.url}/thi-dua/cum/{term.pk}/don-vi/{provinces[1].pk}/dang-ky/")
    page.click(f"#edit-target-{target.pk}")
    page.wait_for_selector("#save-target")  # the add form is swapped for the edit form, no reload
    page.fill("#id_target_value", "450")
    page.click("#save-target")
    page.wait_for_selector("#targets >> text=450")
    assert Target.objects.get(pk=target.pk).target_value == Decimal("450")

    page = _switch(page, login_page, users["board"])
    page.goto(f"{live_server.url}/thi-dua/?year=2024")
    page.click("#movement-create summary")
    page.select_option("#id_kind", "peak")
    page.fill("#id_name", "Cao điểm bảo đảm an ninh, trật tự Tết Nguyên đán")
    page.fill("#id_start_date", "15/12/2024")
    page.fill("#id_end_date", "28/02/2025")
    page.select_option("#id_terms", str(term.pk))
    page.click("#create-movement")
    page.wait_for_selector("#movements >> text=Cao điểm bảo đảm an ninh, trật tự Tết Nguyên đán")
    assert list(Movement.objects.get().terms.all()) == [term]
