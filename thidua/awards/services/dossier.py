"""One-click dossier of a proposal batch (17.5, N3): the tờ trình, the list, each candidate's báo cáo
thành tích and — when the council voted on a ballot in the system — its meeting's minutes and the
vote-count minutes, as Word files and one merged PDF opening with a cover and table of contents.

Each paper is built by its registered kind (documents registry: the kind's context function checks the
right), rendered in the Decree 30 layout, converted by LibreOffice in one run, counted and merged with
pypdf; the cover's table gives each paper's first page, and the PDF outline has one entry per paper.
"""

import io
import zipfile
from dataclasses import dataclass

from django.utils import translation
from pypdf import PdfReader, PdfWriter

from thidua.accounts.models import User
from thidua.core.errors import DomainError
from thidua.core.text import filename_slug
from thidua.documents import pdf, sources, throttle
from thidua.documents.errors import PdfUnavailable
from thidua.documents.layout import Paper
from thidua.documents.services.documents import snapshot
from thidua.documents.services.templates import render_bytes

from ..models import ProposalBatch


@dataclass
class DossierPaper:
    title: str
    filename: str
    docx: bytes
    pages: int = 0
    first_page: int = 0


def _papers(actor: User, batch: ProposalBatch) -> list[tuple[str, str, int, str]]:
    """(kind, title, source id, file stem) of every paper of the dossier, in order."""
    items = [
        ("submission", "Tờ trình", batch.pk, "01-to-trinh"),
        ("proposal_list", "Danh sách đề nghị khen thưởng", batch.pk, "02-danh-sach"),
    ]
    candidates = batch.candidates.select_related("person", "unit", "award_type").order_by("pk")
    for index, candidate in enumerate(candidates, start=1):
        title = f"Báo cáo thành tích: {candidate.recipient_name} – {candidate.award_type.name}"
        stem = f"03-bao-cao-{index:03d}-{filename_slug(candidate.recipient_name, 40)}"
        items.append(("achievement_report", title, candidate.pk, stem))
    ballot = batch.council_ballot
    if ballot is not None:
        items.append(("conference_minutes", "Biên bản họp Hội đồng", ballot.conference_id, "04-bien-ban-hop"))
        items.append(("vote_count_minutes", "Biên bản kiểm phiếu", ballot.pk, "05-bien-ban-kiem-phieu"))
    return items


def _render(actor: User, kind: str, source_id: int) -> bytes:
    context = sources.build(actor, kind, source_id)
    content, _template = render_bytes(
        kind=kind, context=snapshot(context=context), owner=context.owner, is_sample=context.is_sample
    )
    return content


def _cover(batch: ProposalBatch, papers: list[DossierPaper], cover_pages: int) -> bytes:
    paper = Paper()
    paper.title("HỒ SƠ ĐỀ NGHỊ KHEN THƯỞNG", batch.title, note=f"({batch.proposer_name}, năm {batch.year})")
    paper.paragraph(f"Cơ quan thẩm định: {batch.reviewer.name}. Trạng thái: {batch.get_status_display()}.")
    paper.heading("MỤC LỤC")
    paper.table(
        ["TT", "Tài liệu", "Số trang", "Trang"],
        [[i, p.title, p.pages, p.first_page + cover_pages] for i, p in enumerate(papers, 1)],
        [12, 113, 20, 20],
    )
    return paper.save()


def batch_dossier(*, actor: User, batch: ProposalBatch, with_pdf: bool = True) -> bytes:
    """The dossier as a ZIP: word/<paper>.docx for each paper and ho-so.pdf (cover, contents, papers);
    without `with_pdf`, the Word files only (no LibreOffice run).

    The right to each paper is its kind's (the batch's drafters and its board); a paper the actor may
    not make (the council's minutes of a meeting outside their term) is left out of both.
    PdfUnavailable (503) when LibreOffice is missing."""
    batch = ProposalBatch.objects.select_related("unit", "reviewer", "cluster_term", "council_ballot").get(
        pk=batch.pk
    )
    papers: list[DossierPaper] = []
    with translation.override("vi"):
        for kind, title, source_id, stem in _papers(actor, batch):
            try:
                content = _render(actor, kind, source_id)
            except DomainError:
                if kind in ("submission", "proposal_list"):
                    raise  # no right to the batch's own papers: no dossier
                continue
            papers.append(DossierPaper(title=title, filename=f"{stem}.docx", docx=content))
        if not with_pdf:
            return _package(None, papers, None)
        if not pdf.is_available():
            raise PdfUnavailable()
        throttle.pdf_take(actor)  # PdfRateLimited (429) past the user's conversions of this minute
        converted = pdf.convert_many({p.filename: p.docx for p in papers})
        page = 1
        for item in papers:
            item.pages = len(PdfReader(io.BytesIO(converted[item.filename])).pages)
            item.first_page, page = page, page + item.pages
        cover = pdf.convert(_cover(batch, papers, cover_pages=1))
        cover_pages = len(PdfReader(io.BytesIO(cover)).pages)
        if cover_pages != 1:  # a long contents table: number again with its real length
            cover = pdf.convert(_cover(batch, papers, cover_pages=cover_pages))
        cover_docx = _cover(batch, papers, cover_pages=cover_pages)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(cover)), outline_item="Mục lục")
    for item in papers:
        writer.append(PdfReader(io.BytesIO(converted[item.filename])), outline_item=item.title)
    writer.add_metadata({"/Title": f"Hồ sơ đề nghị khen thưởng: {batch.title}"})
    merged = io.BytesIO()
    writer.write(merged)
    return _package(cover_docx, papers, merged.getvalue())


def _package(cover_docx: bytes | None, papers: list[DossierPaper], merged: bytes | None) -> bytes:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as package:
        if cover_docx is not None:
            package.writestr("00-muc-luc.docx", cover_docx)
        for item in papers:
            package.writestr(f"word/{item.filename}", item.docx)
        if merged is not None:
            package.writestr("ho-so.pdf", merged)
    return archive.getvalue()


FORMATS = {"zip": True, "word": False}  # path part → with the merged PDF


def dossier_filename(*, batch: ProposalBatch, fmt: str = "zip") -> str:
    suffix = "-word" if fmt == "word" else ""
    return f"ho-so-de-nghi-{batch.pk}-{filename_slug(batch.title, 40)}{suffix}.zip"
