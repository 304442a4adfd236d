"""17.5 (N3) — the one-click dossier of a proposal: tờ trình, list, one báo cáo thành tích per candidate (a
paper kind declared in awards/papers.py) as Word files, and one merged PDF opening with its contents."""

import io
import zipfile

import docx
import pytest
from django.urls import reverse
from pypdf import PdfReader
from pypdf.generic import Destination

from thidua.awards import services
from thidua.awards.services import dossier
from thidua.core.errors import AccessDenied, NotFound
from thidua.documents import pdf, registry
from thidua.documents.services.templates import preview
from thidua.organisation.models import UnitKind
from thidua.organisation.tests.factories import UnitFactory

from .factories import PersonFactory

pytestmark = pytest.mark.django_db


def _text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def batch(seeded, users, provinces):
    province = provinces[1]  # Tiền Giang: the officer's unit
    department = UnitFactory(
        parent=province, kind=UnitKind.PROVINCIAL_DEPARTMENT, name="Phòng Cảnh sát hình sự"
    )
    person = PersonFactory(
        unit=department, full_name="Nguyễn Văn Hùng", rank="Thiếu tá", position="Đội trưởng"
    )
    batch = services.batch_create(
        actor=users["officer"],
        title="Công an tỉnh Tiền Giang đề nghị khen thưởng 2024",
        year=2024,
        unit=province,
    )
    services.candidate_add(
        actor=users["officer"],
        batch=batch,
        award_type=seeded["BK-BCA-TT"],
        unit=department,
        achievement="Triệt phá 12 băng nhóm tội phạm trong năm 2024.",
    )
    services.candidate_add(
        actor=users["officer"],
        batch=batch,
        award_type=seeded["GK-GD-CN"],
        unit=department,
        person=person,
        achievement="Trực tiếp chỉ huy 5 chuyên án ma túy.",
    )
    return batch


def test_achievement_report_is_a_paper_kind_in_the_decree_30_layout():
    paper = registry.get("achievement_report")
    assert paper.kind.type_name == "BÁO CÁO" and paper.kind.abbreviation == "BC"
    text = _text(preview(kind="achievement_report"))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "II. THÀNH TÍCH ĐẠT ĐƯỢC" in text and "triệt phá 12 băng nhóm" in text


def test_word_dossier_holds_the_submission_the_list_and_one_report_per_candidate(users, batch):
    content = dossier.batch_dossier(actor=users["officer"], batch=batch, with_pdf=False)
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        names = sorted(package.namelist())
        reports = [package.read(n) for n in names if "bao-cao" in n]
        submission = package.read("word/01-to-trinh.docx")
    assert names[:2] == ["word/01-to-trinh.docx", "word/02-danh-sach.docx"] and len(reports) == 2
    assert "TỜ TRÌNH" in _text(submission)
    person_report = next(_text(r) for r in reports if "Nguyễn Văn Hùng" in _text(r))
    assert "Trực tiếp chỉ huy 5 chuyên án ma túy." in person_report and "Thiếu tá" in person_report


@pytest.mark.skipif(not pdf.is_available(), reason="LibreOffice (soffice) is not installed")
def test_pdf_dossier_merges_the_papers_after_a_contents_page(users, batch):
    content = dossier.batch_dossier(actor=users["officer"], batch=batch)
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        merged = PdfReader(io.BytesIO(package.read("ho-so.pdf")))
        contents = _text(package.read("00-muc-luc.docx"))
        papers = [n for n in package.namelist() if n.startswith("word/")]
    entries = [item for item in merged.outline if isinstance(item, Destination)]  # flat: no nested lists
    outline = [item.title for item in entries]
    assert outline[0] == "Mục lục" and len(outline) == 1 + len(papers) == 5
    assert "Báo cáo thành tích: Nguyễn Văn Hùng – Giấy khen của Giám đốc Công an tỉnh (cá nhân)" in outline
    assert "MỤC LỤC" in contents and "Báo cáo thành tích: Nguyễn Văn Hùng" in contents
    assert "Tờ trình" in merged.pages[0].extract_text()
    # each outline entry opens its paper: the contents page is 1, the tờ trình starts on page 2
    assert merged.get_destination_page_number(entries[1]) == 1


def test_dossier_needs_the_right_to_the_batch_papers(users, batch):
    with pytest.raises((AccessDenied, NotFound)):
        dossier.batch_dossier(actor=users["viewer"], batch=batch, with_pdf=False)


def test_dossier_page_and_api_download_a_zip(client, users, batch):
    client.force_login(users["officer"])
    page = client.get(reverse("awards:batch_detail", args=[batch.pk])).content.decode()
    assert reverse("awards:batch_dossier", args=[batch.pk, "zip"]) in page
    response = client.get(reverse("awards:batch_dossier", args=[batch.pk, "word"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "word/01-to-trinh.docx" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    api = client.get(f"/api/v1/awards/proposals/{batch.pk}/dossier/word")
    assert api.status_code == 200 and api.content.startswith(b"PK")
    assert client.get(f"/api/v1/awards/proposals/{batch.pk}/dossier/exe").status_code == 404
    client.force_login(users["viewer"])
    assert client.get(f"/api/v1/awards/proposals/{batch.pk}/dossier/word").status_code in (403, 404)
