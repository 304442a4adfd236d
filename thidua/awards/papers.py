"""Papers made from awards data: the submission (Tờ trình) and proposal list of a proposal batch, the
award decision (with QR code), and the certificates printed full-page or onto a pre-printed form.
Registered at start-up (AwardsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.documents import registry, sources
from thidua.documents.adapters.awards import certificate as certificate_adapter
from thidua.documents.adapters.awards import decision as decision_adapter
from thidua.documents.adapters.awards import proposal as proposal_adapter
from thidua.documents.builtin.awards import decision as decision_layout
from thidua.documents.builtin.awards import proposal_list as proposal_list_layout
from thidua.documents.builtin.awards import submission as submission_layout
from thidua.documents.builtin.certificates import certificate as certificate_layout
from thidua.documents.builtin.certificates import certificate_overlay as overlay_layout
from thidua.documents.kinds import DEMO_CONTEXTS, HEADER, Kind
from thidua.organisation.models import ClusterTerm, Unit

from .models import AwardRecord, Decision, ProposalBatch, ProposalCandidate
from .selectors import certificate_context, decision_context, proposal_list_context

CERTIFICATE_KEYS = ("place", "date", "form_name", "authority", "recipient", "reason", "public_id")


def _batch_base(batch: ProposalBatch) -> dict:
    return sources.term_facts(batch.cluster_term) if batch.cluster_term is not None else {}


def batch_context(actor: User, batch: ProposalBatch, **params) -> sources.SourceContext:
    """A cluster batch: MANAGE_TERM on its term; a unit's batch: the board or the unit's officer."""
    owner: Unit | None
    term: ClusterTerm | None
    if batch.cluster_term is not None:
        owner, term = sources.for_term(actor, batch.cluster_term)
    else:
        owner, term = sources.for_unit(actor, batch.unit), None
    data = proposal_adapter(proposal_list_context(batch), batch, _batch_base(batch), sources.place_of)
    return sources.from_record(data, batch, owner=owner, term=term)


def decision_paper_context(actor: User, decision: Decision, **params) -> sources.SourceContext:
    owner = sources.for_unit(actor, decision.issuer)
    data = decision_adapter(decision_context(decision), decision, {}, sources.place_of)
    return sources.from_record(data, decision, owner=owner)


def certificate_paper_context(actor: User, record: AwardRecord, **params) -> sources.SourceContext:
    owner = sources.for_unit(actor, record.unit)
    data = certificate_adapter(certificate_context(record), record, {}, sources.place_of)
    return sources.from_record(data, record, owner=owner)


def _batch_demo(term):
    batch = (
        ProposalBatch.objects.filter(cluster_term=term).order_by("pk").first() if term is not None else None
    )
    return [(batch, {})] if batch is not None else []


def _decision_demo(term):
    decision = Decision.objects.order_by("pk").first() if term is None else None
    return [(decision, {})] if decision is not None else []


def _certificate_demo(term):
    if term is not None:
        return []
    issued = AwardRecord.objects.filter(decision__isnull=False, revoked_on__isnull=True).order_by("pk")
    record = issued.filter(award_type__name__istartswith="Bằng khen").first() or issued.first()
    return [(record, {})] if record is not None else []


def _proposal_adapt(data: dict, batch: ProposalBatch) -> dict:
    return proposal_adapter(data, batch, _batch_base(batch), sources.place_of)


def _register_batch_paper(kind: Kind, layout, title: str, position: int) -> None:
    registry.register(
        registry.PaperKind(
            kind=kind,
            demo=DEMO_CONTEXTS[kind.code],
            layout=layout,
            source=ProposalBatch,
            context=batch_context,
            adapt=_proposal_adapt,
            term_of=lambda batch: batch.cluster_term,
            title=title,
            position=position,
            demo_records=_batch_demo,
        )
    )


_register_batch_paper(
    Kind(
        "submission",
        _("Tờ trình"),
        "TỜ TRÌNH",
        "TTr",
        (*HEADER, "recipient", "title", "proposals"),
        _("đợt đề nghị khen thưởng"),
    ),
    submission_layout,
    "Tờ trình",
    60,
)
_register_batch_paper(
    Kind(
        "proposal_list",
        _("Danh sách đề nghị khen thưởng"),
        "DANH SÁCH",
        "DS",
        (*HEADER, "title", "rows"),
        _("đợt đề nghị khen thưởng"),
    ),
    proposal_list_layout,
    "Danh sách đề nghị khen thưởng",
    70,
)
registry.register(
    registry.PaperKind(
        kind=Kind(
            "decision",
            _("Quyết định khen thưởng"),
            "QUYẾT ĐỊNH",
            "QĐ",
            (*HEADER, "authority", "title", "bases", "awards", "public_id"),
            _("quyết định khen thưởng"),
            has_qr=True,
        ),
        demo=DEMO_CONTEXTS["decision"],
        layout=decision_layout,
        source=Decision,
        context=decision_paper_context,
        adapt=lambda data, decision: decision_adapter(data, decision, {}, sources.place_of),
        title="Quyết định",
        position=80,
        demo_records=_decision_demo,
    )
)
registry.register(
    registry.PaperKind(
        kind=Kind(
            "certificate",
            _("Giấy khen / Bằng khen (in trọn trang)"),
            "BẰNG KHEN",
            "",
            CERTIFICATE_KEYS,
            _("khen thưởng (cá nhân/tập thể)"),
            official=False,
            has_qr=True,
        ),
        demo=DEMO_CONTEXTS["certificate"],
        layout=certificate_layout,
        source=AwardRecord,
        context=certificate_paper_context,
        adapt=lambda data, record: certificate_adapter(data, record, {}, sources.place_of),
        position=90,
        landscape=True,
        demo_records=_certificate_demo,
    )
)
registry.register(
    registry.PaperKind(
        kind=Kind(
            "certificate_overlay",
            _("Giấy khen / Bằng khen (in lên phôi)"),
            "",
            "",
            CERTIFICATE_KEYS,
            _("khen thưởng (cá nhân/tập thể)"),
            official=False,
            has_qr=True,
        ),
        demo=DEMO_CONTEXTS["certificate_overlay"],
        layout=overlay_layout,
        source=AwardRecord,
        context=certificate_paper_context,
        adapt=lambda data, record: certificate_adapter(data, record, {}, sources.place_of),
        position=100,
        uses_form_layout=True,
        demo_records=_certificate_demo,
    )
)


# -- báo cáo thành tích (17.5): one per candidate, in the Decree 30 layout --------------------------


def achievement_report_layout(paper, c: dict) -> None:
    """Báo cáo thành tích of a collective or an individual proposed for an award (the layout of the
    reports attached to a proposal, Nghị định 152/2025 annexes; Decree 30 header)."""
    from thidua.documents.builtin.common import header, list_, sign

    header(paper, "achievement_report", c)
    paper.title("BÁO CÁO", f"Thành tích đề nghị tặng {c['award']}", note=f"({c.get('recipient_kind', '')})")
    paper.heading("I. SƠ LƯỢC LÝ LỊCH, ĐẶC ĐIỂM, TÌNH HÌNH")
    for label, key in (
        ("Tập thể / cá nhân", "recipient"),
        ("Cấp bậc", "rank"),
        ("Chức vụ", "position"),
        ("Đơn vị", "unit"),
        ("Năm đề nghị", "year"),
    ):
        if c.get(key):
            paper.paragraph(f"- {label}: {c[key]}")
    paper.heading("II. THÀNH TÍCH ĐẠT ĐƯỢC")
    for text in list_(c.get("achievement")):
        for line in str(text).splitlines():
            if line.strip():
                paper.paragraph(line.strip())
    paper.heading("III. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC GHI NHẬN")
    awards = list_(c.get("past_awards"))
    if awards:
        paper.table(
            ["TT", "Năm", "Hình thức, danh hiệu", "Quyết định"],
            [[i, *row] for i, row in enumerate(awards, 1)],
            [12, 20, 83, 50],
        )
    else:
        paper.paragraph("Chưa có trong sổ khen thưởng.", italic=True)
    sign(paper, c)


def achievement_report_context(actor: User, candidate: ProposalCandidate, **params) -> sources.SourceContext:
    """The right is the batch's (its term's managers, the unit's board or officer); facts from the candidate."""
    from django.utils import timezone

    batch = candidate.batch
    owner: Unit | None
    term: ClusterTerm | None
    if batch.cluster_term is not None:
        owner, term = sources.for_term(actor, batch.cluster_term)
    else:
        owner, term = sources.for_unit(actor, batch.unit), None
    unit = candidate.unit
    person = candidate.person
    records = AwardRecord.objects.filter(revoked_on__isnull=True).select_related("award_type")
    records = (
        records.filter(person=person)
        if person is not None
        else records.filter(unit=unit, person__isnull=True)
    )
    past = [
        [
            r.year,
            r.award_type.name,
            f"{r.decision_number} {r.decision_date:%d/%m/%Y}" if r.decision_date else r.decision_number,
        ]
        for r in records.order_by("-year", "pk")[:30]
    ]
    data = {
        "issuer": unit.name,
        "issuer_parent": unit.parent.name if unit.parent is not None else "",
        "place": sources.place_of(unit),
        "date": timezone.localdate().isoformat(),
        "award": candidate.award_type.name,
        "recipient": candidate.recipient_name,
        "recipient_kind": candidate.award_type.get_recipient_kind_display(),
        "rank": person.rank if person else "",
        "position": person.position if person else "",
        "unit": unit.name,
        "year": batch.year,
        "achievement": candidate.achievement,
        "past_awards": past,
        "signer_position": "THỦ TRƯỞNG ĐƠN VỊ" if person is None else "",
        "signer_name": "" if person is None else candidate.recipient_name,
    }
    return sources.from_record(data, candidate, owner=owner, term=term)


registry.register(
    registry.PaperKind(
        kind=Kind(
            "achievement_report",
            _("Báo cáo thành tích"),
            "BÁO CÁO",
            "BC",
            (*HEADER, "award", "recipient", "achievement"),
            _("đối tượng đề nghị khen thưởng"),
        ),
        demo={
            "issuer_parent": "CÔNG AN TỈNH TIỀN GIANG",
            "issuer": "PHÒNG CẢNH SÁT HÌNH SỰ",
            "place": "Tiền Giang",
            "date": "2024-11-20",
            "award": "Bằng khen của Bộ trưởng Bộ Công an (tập thể)",
            "recipient": "Phòng Cảnh sát hình sự",
            "recipient_kind": "Tập thể",
            "unit": "Phòng Cảnh sát hình sự",
            "year": 2024,
            "achievement": "Năm 2024 đơn vị triệt phá 12 băng nhóm tội phạm, điều tra làm rõ 96% số vụ án.",
            "past_awards": [[2023, "Giấy khen của Giám đốc Công an tỉnh (tập thể)", "15/QĐ-CAT 20/03/2023"]],
            "signer_position": "TRƯỞNG PHÒNG",
            "signer_name": "Trần Văn Bình",
        },
        layout=achievement_report_layout,
        source=ProposalCandidate,
        context=achievement_report_context,
        term_of=lambda candidate: candidate.batch.cluster_term,
        title="Báo cáo thành tích",
        position=75,
    )
)
