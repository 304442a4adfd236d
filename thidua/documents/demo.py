"""Demo data for the documents capability (called by `manage.py demo_load`, idempotent).

Papers of Cụm thi đua số 11 (2024) — plan, covenant, 6-month report, conference minutes, vote-count
minutes, proposal list and submission, the press-release draft of the 16/7/2024 conference — and of
Cụm 5 (Hà Tĩnh, 2024) when its data exists, plus an award decision and certificates. Each comes from
the records the owning app names in its papers.py (`demo_records`). The
default overlay layouts of the pre-printed Bằng khen / Giấy khen are created for the admin to adjust.
PDFs are made in one LibreOffice run when LibreOffice is installed.
"""

from django.contrib.auth import get_user_model

from thidua.accounts.models import User
from thidua.core.errors import DomainError
from thidua.organisation.models import ClusterTerm

from . import builtin, pdf, registry, services
from .models import CertificateForm, FormField, FormLayout, GeneratedDocument, PressRelease


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _term(level: str, number: int, year: int, owner_code: str) -> ClusterTerm | None:
    return (
        ClusterTerm.objects.select_related("cluster__owner", "leader", "deputy")
        .filter(cluster__level=level, cluster__number=number, year=year, cluster__owner__code=owner_code)
        .first()
    )


def _layouts() -> None:
    for form, name in [
        (CertificateForm.BANG_KHEN, "Phôi Bằng khen (A4 ngang) – mặc định"),
        (CertificateForm.GIAY_KHEN, "Phôi Giấy khen (A4 ngang) – mặc định"),
    ]:
        layout, created = FormLayout.objects.get_or_create(
            name=name, defaults={"form": form, "page_width_mm": 297, "page_height_mm": 210}
        )
        if created:
            FormField.objects.bulk_create(
                [
                    FormField(
                        layout=layout,
                        key=f["key"],
                        x_mm=f["x_mm"],
                        y_mm=f["y_mm"],
                        width_mm=f.get("width_mm", 120),
                        font_size=f.get("font_size", 14),
                        bold=f.get("bold", False),
                        italic=f.get("italic", False),
                        align=f.get("align", "center"),
                    )
                    for f in builtin.DEFAULT_OVERLAY["fields"]
                ]
            )


class _Demo:
    def __init__(self, stdout) -> None:
        self.stdout = stdout
        self.made: list[GeneratedDocument] = []

    def generate(
        self, actor: User, kind: str, source_id: int | None, params: dict | None = None, label: str = ""
    ):
        if actor is None or source_id is None:
            return None
        existing = GeneratedDocument.objects.filter(kind=kind, source_id=source_id).first()
        if existing is not None:
            self.made.append(existing)
            return existing
        try:
            document = services.document_generate(actor=actor, kind=kind, source_id=source_id, params=params)
        except DomainError as error:  # e.g. a ballot not tallied in the demo: say so and go on
            if self.stdout:
                self.stdout.write(f"  văn bản: bỏ qua {label or kind}: {error}")
            return None
        self.made.append(document)
        return document


def _cluster_papers(demo: _Demo, actor: User, term: ClusterTerm) -> None:
    """Each registered kind's demo records of the term (declared by the owning app), then the news
    item of the conference whose minutes were made."""
    for code, paper in registry.PAPERS.items():
        for record, params in paper.demo_records(term) if paper.demo_records else []:
            demo.generate(actor, code, record.pk, params or None, label=str(paper.kind.label))
    if actor is None:
        return
    conferences = registry.get("conference_minutes").demo_records
    for conference, _params in conferences(term) if conferences else []:
        try:
            draft = services.press_release_draft(actor=actor, source_id=conference.pk)
        except DomainError as error:
            if demo.stdout:
                demo.stdout.write(f"  văn bản: bỏ qua tin bài: {error}")
            continue
        demo.made.append(draft.document or services.press_release_export(actor=actor, press_release=draft))


def load(*, stdout=None) -> None:
    _layouts()
    demo = _Demo(stdout)
    cum11 = _term("ministry", 11, 2024, "BCA")
    if cum11 is not None:
        _cluster_papers(demo, _user("cumtruong.soctrang"), cum11)
    cum5 = _term("provincial", 5, 2024, "CA-HA-TINH")
    if cum5 is not None:
        _cluster_papers(demo, _user("thuongtruc.hatinh"), cum5)
    admin = _user("admin")
    for code, paper in registry.PAPERS.items():  # system-wide records: counted ballots, decisions …
        for record, params in paper.demo_records(None) if paper.demo_records else []:
            demo.generate(admin, code, record.pk, params or None, label=str(paper.kind.label))
    if pdf.is_available() and admin is not None:
        try:
            services.documents_pdf_batch(actor=admin, documents=[d for d in demo.made if not d.pdf])
        except DomainError as error:
            if stdout:
                stdout.write(f"  văn bản: chưa tạo được PDF ({error})")
    if stdout:
        total = GeneratedDocument.objects.count()
        with_pdf = GeneratedDocument.objects.exclude(pdf="").exclude(pdf__isnull=True).count()
        samples = GeneratedDocument.objects.filter(is_sample=True).count()
        stdout.write(
            f"  văn bản: {total} văn bản ({with_pdf} có PDF, {samples} từ dữ liệu mẫu), "
            f"{PressRelease.objects.count()} tin bài, {FormLayout.objects.count()} bố cục phôi"
        )
