"""Browser: the leader unit's staff makes the cluster's plan and downloads it as Word."""

import pytest
from docx import Document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_cluster_staff_generates_and_downloads_a_word_document(login_page, live_server, users, term):
    page = login_page(users["cluster_staff"])
    page.click("nav >> text=Văn bản")
    page.wait_for_selector("text=Lập văn bản từ dữ liệu cụm thi đua")
    page.select_option("select[name=kind]", "plan")
    page.select_option("select[name=term]", str(term.pk))
    page.click("#generate-button")
    page.wait_for_selector("#download-docx")
    assert page.get_by_text("Kế hoạch: Hoạt động của Cụm thi đua số 11 năm 2024").first.is_visible()

    with page.expect_download() as download_info:
        page.click("#download-docx")
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    document = Document(str(download.path()))
    header = document.tables[0]
    assert header.cell(0, 1).paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert "CỤM THI ĐUA SỐ 11" in header.cell(0, 0).text
