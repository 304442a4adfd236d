"""Browser (issue 20): the system admin registers the Ministry as a partner; the provincial board sends
a batch upward as a signed package and downloads the file (for a USB stick); on the Ministry's side
the board receives the file, previews what it holds, confirms the import and sees the status.

The two installations share the live server: THIDUA_INSTALLATION_CODE is switched between the
province's and the Ministry's code, as in thidua/exchange/tests."""

import pytest

from thidua.awards import catalogue
from thidua.awards import services as awards_services
from thidua.awards.models import AwardType, ProposalBatch
from thidua.documents import services as documents_services
from thidua.documents import signing
from thidua.documents.tests.test_signatures import PASSPHRASE, make_pkcs12
from thidua.exchange import services
from thidua.exchange.models import Direction, Package, PackageStatus, Partner
from thidua.organisation.models import Role

from .helpers import click_and_confirm

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROVINCE, MINISTRY = "CA-SOC-TRANG", "BCA"


def _fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)])
def test_register_a_partner_send_a_batch_to_a_file_import_it_and_see_the_status(
    login_page, live_server, make_user, ministry, provinces, settings, tmp_path, width, height
):
    catalogue.seed()
    admin = make_user("superuser", username="quantri")
    officer = make_user(Role.OFFICER, provinces[1], username="canbo.tiengiang")
    board = make_user(Role.BOARD, ministry, username="thuongtruc.bo")
    batch = awards_services.batch_create(
        actor=officer,
        unit=provinces[1],
        title="Đề nghị khen thưởng năm 2025 của Công an tỉnh Tiền Giang",
        year=2025,
    )
    awards_services.candidate_add(
        actor=officer,
        batch=batch,
        award_type=AwardType.objects.get(code="BK-BCA-TT"),
        unit=provinces[1],
        achievement="Dẫn đầu Cụm 11 năm 2025",
    )
    key_file, province_certificate = make_pkcs12(name="Trần Văn Gửi", unit="Công an tỉnh Sóc Trăng")
    _ministry_file, ministry_certificate = make_pkcs12(name="Lê Thị Nhận", unit="Bộ Công an")
    identity = documents_services.signing_identity_create(
        actor=admin,
        unit=ministry,
        user=board,
        pkcs12_data=key_file,
        passphrase=PASSPHRASE,
        position="Phó Chánh Văn phòng",
    )
    # the Ministry's registry knows the province already (one database plays both installations)
    services.partner_register(
        actor=admin,
        code=PROVINCE,
        name="Công an tỉnh Sóc Trăng",
        certificate_pem=signing.certificate_pem(province_certificate),
    )
    settings.THIDUA_INSTALLATION_CODE = PROVINCE
    page = login_page(admin)
    page.set_viewport_size({"width": width, "height": height})

    # 1. the system admin registers the Ministry's installation and its certificate
    page.goto(f"{live_server.url}/admin/exchange/partner/add/")
    page.fill("#id_code", MINISTRY)
    page.fill("#id_name", "Bộ Công an")
    page.fill("#id_certificate_pem", signing.certificate_pem(ministry_certificate))
    with page.expect_navigation():
        page.click("input[name=_save]")
    assert Partner.objects.filter(
        code=MINISTRY, fingerprint=signing.certificate_fingerprint(ministry_certificate)
    ).exists()
    page.screenshot(path=str(tmp_path / f"exchange-partner-{width}.png"), full_page=True)
    page.context.clear_cookies()

    # 2. the board sends the batch upward, signed with their own key, and downloads the file
    login_page(board)
    page.goto(f"{live_server.url}/khen-thuong/de-nghi/{batch.pk}/")
    if page.locator("#send-up").count():
        page.click("#send-up")
    else:
        page.goto(f"{live_server.url}/trao-doi/de-nghi/{batch.pk}/gui/")
    page.wait_for_selector("#send-form")
    page.select_option("#id_partner", str(Partner.objects.get(code=MINISTRY).pk))
    page.select_option("#id_identity", str(identity.pk))
    page.fill("#id_passphrase", PASSPHRASE)
    _fits(page, width)
    page.screenshot(path=str(tmp_path / f"exchange-send-{width}.png"), full_page=True)
    click_and_confirm(page, "#send-form button[type=submit]", "gửi lên cấp trên")
    page.wait_for_selector("#download-package")
    assert "Đã lập, chờ gửi" in page.inner_text("#package-status")
    with page.expect_download() as download:
        page.click("#download-package")
    package_file = tmp_path / "goi.zip"
    download.value.save_as(package_file)
    assert package_file.read_bytes().startswith(b"PK")

    # 3. on the Ministry's installation the board receives the file, previews and confirms
    settings.THIDUA_INSTALLATION_CODE = MINISTRY
    page.goto(f"{live_server.url}/trao-doi/")
    page.set_input_files("#receive-form input[type=file]", str(package_file))
    with page.expect_navigation():
        page.click("#receive-form button[type=submit]")
    page.wait_for_selector("#preview")
    assert "Dẫn đầu Cụm 11 năm 2025" in page.inner_text("#preview")
    assert "Đã nhận, chờ xác nhận nhập" in page.inner_text("#package-status")
    _fits(page, width)
    page.screenshot(path=str(tmp_path / f"exchange-preview-{width}.png"), full_page=True)
    click_and_confirm(page, "#import-form button[type=submit]", "trọn gói")
    assert ProposalBatch.objects.count() == 2

    # 4. the status: the inbox says imported, the outbox keeps the sent package
    page.goto(f"{live_server.url}/trao-doi/")
    inbox, outbox = page.inner_text("#inbox"), page.inner_text("#outbox")
    assert "Đã nhập" in inbox and PROVINCE in inbox
    assert "Đã lập, chờ gửi" in outbox and MINISTRY in outbox
    _fits(page, width)
    page.screenshot(path=str(tmp_path / f"exchange-status-{width}.png"), full_page=True)
    received = Package.objects.get(direction=Direction.IN)
    assert received.status == PackageStatus.IMPORTED and received.batch is not None
