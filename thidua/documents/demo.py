"""Demo data for the documents capability (called by `manage.py demo_load`, idempotent).

Papers of Cụm thi đua số 11 (2024) — plan, covenant, 6-month report, conference minutes, vote-count
minutes, proposal list and submission, the press-release draft of the 16/7/2024 conference — and of
Cụm 5 (Hà Tĩnh, 2024) when its data exists, plus an award decision and certificates. Each comes from
the owning capability's demo data when that exists, else from sample data (marked as such). The
default overlay layouts of the pre-printed Bằng khen / Giấy khen are created for the admin to adjust.
PDFs are made in one LibreOffice run when LibreOffice is installed.
"""

from django.apps import apps
from django.contrib.auth import get_user_model

from thidua.core.errors import DomainError
from thidua.organisation.models import ClusterTerm

from . import builtin, pdf, services
from .models import CertificateForm, FormField, FormLayout, GeneratedDocument, PressRelease


def _model(app_label: str, name: str):
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


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

    def generate(self, actor, kind: str, source_id: int | None, params: dict | None = None, label: str = ""):
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


def _first(model_name: tuple[str, str], **filters):
    model = _model(*model_name)
    if model is None:
        return None
    return model._default_manager.filter(**filters).order_by("pk").first()


def _cluster_papers(demo: _Demo, actor, term: ClusterTerm, conference_kind: str) -> None:
    """Each paper from the capability's record when there is one; from sample data (marked) only when
    the capability is not installed at all."""
    demo.generate(actor, "plan", term.pk)
    covenant = _first(("emulation", "Covenant"), term=term)
    if covenant is not None or _model("emulation", "Covenant") is None:
        demo.generate(actor, "covenant", covenant.pk if covenant else term.pk, label="giao ước")
    period_model = _model("emulation", "EmulationPeriod")
    period = None
    if period_model is not None:
        period = period_model._default_manager.filter(
            owner=term.cluster.owner, year=term.year, kind="half_year"
        ).first()
    demo.generate(actor, "period_report", term.pk, {"period": period.pk} if period else None)
    batch = _first(("awards", "ProposalBatch"), cluster_term=term)
    if batch is not None or _model("awards", "ProposalBatch") is None:
        demo.generate(actor, "proposal_list", batch.pk if batch else term.pk, label="danh sách đề nghị")
        demo.generate(actor, "submission", batch.pk if batch else term.pk, label="tờ trình")
    conference = _first(("conferences", "Conference"), term=term, kind=conference_kind) or _first(
        ("conferences", "Conference"), term=term
    )
    if conference is None and _model("conferences", "Conference") is not None:
        return  # no conference of this term: no minutes, ballots or news
    source_id = conference.pk if conference else term.pk
    demo.generate(actor, "conference_minutes", source_id, label="biên bản hội nghị")
    ballot_model = _model("voting", "Ballot")
    ballot = None
    if ballot_model is not None:
        ballot = (
            ballot_model._default_manager.filter(conference__term=term, status__in=["tallied", "published"])
            .order_by("pk")
            .first()
        )
    if ballot is not None or ballot_model is None:
        demo.generate(
            actor, "vote_count_minutes", ballot.pk if ballot else term.pk, label="biên bản kiểm phiếu"
        )
    if actor is None:
        return
    try:
        draft = services.press_release_draft(actor=actor, source_id=source_id)
    except DomainError as error:
        if demo.stdout:
            demo.stdout.write(f"  văn bản: bỏ qua tin bài: {error}")
        return
    demo.made.append(draft.document or services.press_release_export(actor=actor, press_release=draft))


def load(*, stdout=None) -> None:
    _layouts()
    demo = _Demo(stdout)
    cum11 = _term("ministry", 11, 2024, "BCA")
    if cum11 is not None:
        _cluster_papers(demo, _user("cumtruong.soctrang"), cum11, "half_year")
    cum5 = _term("provincial", 5, 2024, "CA-HA-TINH")
    if cum5 is not None:
        _cluster_papers(demo, _user("thuongtruc.hatinh"), cum5, "year_end")
    admin = _user("admin")
    ballot_model = _model("voting", "Ballot")
    if ballot_model is not None:  # every counted ballot of the demo gets its vote-count minutes
        counted = ballot_model._default_manager.filter(status__in=["tallied", "published"]).order_by("pk")
        for ballot in counted:
            demo.generate(admin, "vote_count_minutes", ballot.pk, label="biên bản kiểm phiếu")
    decision = _first(("awards", "Decision"))
    if decision is not None:
        demo.generate(admin, "decision", decision.pk)
    record = _first(
        ("awards", "AwardRecord"),
        decision__isnull=False,
        revoked_on__isnull=True,
        award_type__name__istartswith="Bằng khen",
    ) or _first(("awards", "AwardRecord"), decision__isnull=False, revoked_on__isnull=True)
    if record is not None:
        demo.generate(admin, "certificate", record.pk)
        demo.generate(admin, "certificate_overlay", record.pk)
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
