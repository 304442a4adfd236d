"""JSON API: catalogue, proposals with eligibility explanations, decisions, statistics."""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from thidua.accounts.models import User
from thidua.core import listing
from thidua.core.dbrouting import reads_from_replica
from thidua.core.errors import NotFound, ValidationFailed
from thidua.core.http import attachment
from thidua.core.schemas import (
    NAME,
    NO_NUL,
    NOTE,
    OMIT,
    REASON,
    Code,
    Decimals,
    Id,
    KnownDateIn,
    KnownDateOut,
    Offset,
    Omitted,
    Search,
    Text,
    ValidationErrorOut,
    Version,
    Year,
)
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import Unit

from . import eligibility, selectors, services
from . import statistics as stats
from .models import (
    AuthorityLevel,
    AwardCategory,
    AwardType,
    LegalBasis,
    Person,
    RecipientKind,
    StateAwardKind,
    Track,
)
from .schemas import BatchIn, CandidateIn, CheckIn, CouncilVoteIn, DecisionIn, ForwardIn, TransitionIn
from .services import catalogue as catalogue_services
from .services import counts as count_services
from .services import importing

router = Router(tags=["Khen thưởng"])


class AwardTypeOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    category: str
    recipient_kind: str
    authority: str
    level: str
    state_kind: str
    rank: int
    min_service_years: int | None
    valid_from_year: int | None
    valid_to_year: int | None
    legal_basis: str | None = Field(description="Code of the legal basis (LegalBasis.code)")
    is_verified: bool = Field(description="false = UNVERIFIED (DOMAIN.md): a default not checked in the text")
    note: str
    replaces: str | None = Field(description="Code of the former version this entry continues")
    version: int

    @staticmethod
    def resolve_legal_basis(obj) -> str | None:
        return obj.legal_basis.code if obj.legal_basis_id else None

    @staticmethod
    def resolve_replaces(obj) -> str | None:
        return obj.replaces.code if obj.replaces_id else None


class AwardTypeIn(Schema):
    code: str = Text(max_length=40, min_length=1)
    name: str = Text(max_length=255, min_length=1)
    short_name: str = Text("", max_length=80)
    category: AwardCategory
    recipient_kind: RecipientKind
    authority: str = Text(max_length=160, min_length=1, description="Cấp có thẩm quyền quyết định")
    level: AuthorityLevel
    state_kind: StateAwardKind = StateAwardKind.NONE
    rank: int = Field(0, ge=0, le=1000)
    min_service_years: int | None = Field(None, ge=0, le=80)
    valid_from_year: int | None = Field(None, ge=1945, le=2100)
    valid_to_year: int | None = Field(None, ge=1945, le=2100)
    legal_basis: Code | None = Field(None, description="LegalBasis.code, e.g. L2022")
    is_verified: bool = Field(
        False, description="false (default) = UNVERIFIED until the board checks the text"
    )
    note: str = Text("", max_length=NOTE)


class AwardTypePatch(Schema):
    version: Version | None = Field(None, description="The version you read (409 if someone saved since)")
    effective_year: int | None = Field(
        None,
        ge=1945,
        le=2100,
        description="Required when the entry is already used and its meaning changes: a new version "
        "opens from this year and the old one ends the year before",
    )
    new_code: str = Text("", max_length=40, description="Code of the new version (default <code>-<year>)")
    name: str = Text(OMIT, max_length=255, min_length=1)
    short_name: str = Text(OMIT, max_length=80)
    category: AwardCategory = Omitted()
    recipient_kind: RecipientKind = Omitted()
    authority: str = Text(OMIT, max_length=160, min_length=1)
    level: AuthorityLevel = Omitted()
    state_kind: StateAwardKind = Omitted()
    rank: int = Omitted(ge=0, le=1000)
    min_service_years: int | None = Field(None, ge=0, le=80)
    valid_from_year: int | None = Field(None, ge=1945, le=2100)
    valid_to_year: int | None = Field(None, ge=1945, le=2100)
    legal_basis: Code | None = Field(None, description="LegalBasis.code; null = none")
    is_verified: bool = Omitted()
    note: str = Text(OMIT, max_length=NOTE)


class BatchOut(Schema):
    id: int
    title: str
    year: int
    track: str
    status: str
    unit_id: int | None
    cluster_term_id: int | None
    reviewer_id: int
    level: str
    is_consolidated: bool
    due_on: str | None = None
    version: int

    @staticmethod
    def resolve_due_on(obj) -> str | None:
        return obj.due_on.isoformat() if obj.due_on else None


class CheckOut(Schema):
    rule: str
    passed: bool | None
    message: str
    citation: str
    is_verified: bool
    manual: bool = False
    text: str


class CandidateOut(Schema):
    id: int
    recipient: str
    award_code: str
    unit_id: int
    person_id: int | None
    status: str
    eligible: bool | None = Field(description="true ✓, false ✗, null = cần thẩm định hồ sơ (no encoded rule)")
    verdict: str = Field(description="passed | failed | manual (cần thẩm định hồ sơ)")
    checks: list[CheckOut]


class DecisionOut(Schema):
    id: int
    public_id: str
    number: str
    signed_on: str
    signed_on_precision: str  # "day", "month", "year" (16.3): signed_on is "2017", "2017-11" or a day
    signer_name: str
    authority: str
    summary: str

    @staticmethod
    def resolve_public_id(obj) -> str:
        return str(obj.public_id)

    @staticmethod
    def resolve_signed_on(obj) -> str:
        return obj.signed_known.iso()


class OverrideOut(Schema):
    id: int
    candidate_id: int
    rule_key: str
    reason: str
    requested_by: str | None
    approved_by: str | None
    approved_at: str | None

    @staticmethod
    def resolve_requested_by(obj) -> str | None:
        return obj.requested_by.get_username() if obj.requested_by else None

    @staticmethod
    def resolve_approved_by(obj) -> str | None:
        return obj.approved_by.get_username() if obj.approved_by else None

    @staticmethod
    def resolve_approved_at(obj) -> str | None:
        return obj.approved_at.isoformat() if obj.approved_at else None


class CountOut(Schema):
    code: str
    award: str
    category: str
    authority: str
    recipient_kind: str
    count: int


@router.get("/awards/catalogue", response=list[AwardTypeOut])
def list_catalogue(request, year: Year | None = None):
    types = selectors.catalogue(year=year) if year else AwardType.objects.all()
    return list(types.select_related("legal_basis", "replaces"))


def _legal_basis(code: str | None) -> LegalBasis | None:
    if code is None:
        return None
    basis = LegalBasis.objects.filter(code=code).first()
    if basis is None:
        raise ValidationFailed(_("Không có căn cứ pháp lý “{code}”."), field="legal_basis", code=code)
    return basis


@router.post("/awards/catalogue", response={201: AwardTypeOut})
def create_award_type(request, payload: AwardTypeIn):
    """Add a title or form to the catalogue (the board at the top of the unit tree, or an administrator)."""
    data = payload.model_dump()
    data["legal_basis"] = _legal_basis(data.pop("legal_basis"))
    return Status(201, catalogue_services.award_type_create(actor=request.user, **data))


@router.patch("/awards/catalogue/{award_type_id}", response=AwardTypeOut)
def update_award_type(request, award_type_id: int, payload: AwardTypePatch):
    """Edit an entry. An entry used by records, proposals or counts keeps its meaning: a change of name,
    authority, level, legal basis… needs `effective_year` and returns the new version (409 without it)."""
    award = selectors.award_type_get(award_type_id=award_type_id)
    changes = payload.model_dump(exclude_unset=True)
    if "legal_basis" in changes:
        changes["legal_basis"] = _legal_basis(changes["legal_basis"])
    return catalogue_services.award_type_update(actor=request.user, award_type=award, **changes)


@router.get("/awards/proposals", response=list[BatchOut])
def list_proposals(request, year: Year | None = None, status: Search = ""):
    return selectors.batch_list(actor=request.user, year=year, status=status)[:500]


@router.get("/awards/proposals/{batch_id}/eligibility", response=list[CandidateOut])
def proposal_eligibility(request, batch_id: int):
    batch = selectors.batch_get(actor=request.user, batch_id=batch_id)
    review = selectors.batch_review(batch=batch)
    return [
        {
            "id": row["candidate"].pk,
            "recipient": row["candidate"].recipient_name,
            "award_code": row["candidate"].award_type.code,
            "unit_id": row["candidate"].unit_id,
            "person_id": row["candidate"].person_id,
            "status": row["candidate"].status,
            "eligible": row["verdict"].eligible,
            "verdict": row["verdict"].status,
            "checks": row["verdict"].as_list(),
        }
        for row in review["rows"]
    ]


@router.get("/awards/decisions", response=list[DecisionOut])
def list_decisions(request, year: Year | None = None):
    return selectors.decision_list(actor=request.user, year=year)[:500]


@router.get("/awards/statistics", response=list[CountOut])
@reads_from_replica
def award_statistics(
    request,
    year: Year | None = None,
    cluster_term_id: Id | None = None,
    as_of: datetime.date | None = None,
):
    """Award counts (named records and counts without names, never both for one award), then public
    praise (category "praise") counted apart from awards. `cluster_term_id`: the members of one cluster
    year and the cluster's own counts (404 outside your scope)."""
    term = None
    if cluster_term_id is not None:
        term = access.terms_in_scope(request.user).filter(pk=cluster_term_id).first()
        if term is None:
            raise NotFound()
    records = stats.records_in_scope(actor=request.user, year=year, cluster_term=term, as_of=as_of)
    unnamed = stats.counts_in_scope(actor=request.user, year=year, cluster_term=term)
    return stats.award_counts(records, unnamed=unnamed) + stats.award_counts(
        records, unnamed=unnamed, praise=True
    )


# -- writes ----------------------------------------------------------------------------------------


def _award(code: str) -> AwardType:
    award = AwardType.objects.filter(code=code).first()
    if award is None:
        raise ValidationFailed(_("Không có “{code}” trong danh mục."), field="award_code", code=code)
    return award


def _unit(actor: User, unit_id: int) -> Unit:
    unit = access.units_in_scope(actor, Action.VIEW).filter(pk=unit_id).first()
    if unit is None:
        raise NotFound()
    return unit


def _person(actor: User, person_id: int | None) -> Person | None:
    if person_id is None:
        return None
    person = (
        Person.objects.select_related("unit")
        .filter(pk=person_id, unit__in=access.units_in_scope(actor, Action.VIEW))
        .first()
    )
    if person is None:
        raise NotFound()
    return person


@router.post("/awards/proposals", response={201: BatchOut})
def create_proposal(request, payload: BatchIn):
    term = None
    if payload.cluster_term_id:
        term = (
            access.terms_in_scope(request.user)
            .filter(pk=payload.cluster_term_id)
            .select_related("cluster__owner", "leader")
            .first()
        )
        if term is None:
            raise NotFound()
    unit = _unit(request.user, payload.unit_id) if payload.unit_id else None
    batch = services.batch_create(
        actor=request.user,
        title=payload.title,
        year=payload.year,
        track=payload.track,
        unit=unit,
        cluster_term=term,
        submit_by=payload.submit_by,
    )
    return Status(201, batch)


@router.post("/awards/proposals/{batch_id}/candidates", response={201: dict})
def add_candidate(request, batch_id: int, payload: CandidateIn):
    batch = selectors.batch_get(actor=request.user, batch_id=batch_id)
    candidate = services.candidate_add(
        actor=request.user,
        batch=batch,
        award_type=_award(payload.award_code),
        unit=_unit(request.user, payload.unit_id),
        person=_person(request.user, payload.person_id),
        achievement=payload.achievement,
        leads_cluster=payload.leads_cluster,
        meets_flag_standard=payload.meets_flag_standard,
        override_reason=payload.override_reason,
        source_kind=payload.source_kind,
        source_id=payload.source_id,
    )
    return Status(201, {"id": candidate.pk})


class IntakeRowOut(Schema):
    row: int
    award: str
    kind: str
    name: str
    unit: str
    achievement: str
    errors: list[str]


class IntakeOut(Schema):
    code: str
    message: str
    digest: str
    saved: bool
    created: int
    error_count: int
    rows: list[IntakeRowOut]


class IntakeRefusedOut(ValidationErrorOut):
    """422: the API's validation error; for a confirmed intake with rows at fault, also the rows (an
    unreadable file or a bad field is the plain validation error, without them)."""

    digest: str = ""
    saved: bool = False
    created: int = 0
    error_count: int = 0
    rows: list[IntakeRowOut] = []


def _intake_out(result) -> dict:
    if result.saved:
        code, message = "saved", _("Đã nhập {count} đối tượng đề nghị.").format(count=result.created)
    elif result.error_count:
        code, message = "rows_invalid", _("{count} lỗi; chưa nhập dòng nào.").format(count=result.error_count)
    else:
        code, message = "preview", str(_("Mọi dòng hợp lệ; xác nhận để nhập."))
    return {
        "code": code,
        "message": str(message),
        "digest": result.digest,
        "saved": result.saved,
        "created": result.created,
        "error_count": result.error_count,
        "rows": result.rows,
    }


@router.post(
    "/awards/proposals/{batch_id}/intake", response={200: IntakeOut, 201: IntakeOut, 422: IntakeRefusedOut}
)
def intake_proposal_list(
    request,
    batch_id: int,
    file: File[UploadedFile],
    confirm: Form[bool] = False,
    digest: str = Form("", max_length=64, pattern=r"^[0-9a-f]*$"),  # noqa: B008
):
    """Excel intake of a proposal list (17.4; template: GET /awards/proposals/intake-template). Without
    `confirm`: a preview — every row checked as the batch page would add it, per-row errors, nothing kept
    (200). With `confirm` and the preview's `digest`: all rows saved (201), or none when one fails (422)."""
    from .services import intake

    batch = selectors.batch_get(actor=request.user, batch_id=batch_id)
    result = intake.candidates_intake(
        actor=request.user, batch=batch, name=file.name or "", content=file, confirm=confirm, digest=digest
    )
    body = _intake_out(result)
    if confirm and not result.saved:
        errors = [
            {"field": f"rows[{row.row}]", "message": "; ".join(str(e) for e in row.errors)}
            for row in result.rows
            if row.errors
        ]
        return Status(422, body | {"params": {"count": str(result.error_count)}, "errors": errors})
    return Status(201 if result.saved else 200, body)


@router.get("/awards/proposals/{batch_id}/dossier/{fmt}")
def proposal_dossier(request, batch_id: int, fmt: str):
    """The one-click dossier (17.5), a ZIP of the Word papers (tờ trình, list, each báo cáo thành tích,
    the council's minutes when it voted in the system): fmt "zip" adds ho-so.pdf, merged with a contents
    page and one outline entry per paper; fmt "word" is the Word files only."""
    from .services import dossier

    if fmt not in dossier.FORMATS:
        raise NotFound()
    batch = selectors.batch_get(actor=request.user, batch_id=batch_id)
    content = dossier.batch_dossier(actor=request.user, batch=batch, with_pdf=dossier.FORMATS[fmt])
    return attachment(content, dossier.dossier_filename(batch=batch, fmt=fmt), "application/zip")


@router.get("/awards/proposals/intake-template", url_name="intake_template_api")
def intake_template(request):
    """The blank proposal list (xlsx) that POST …/intake reads."""
    from .services import intake

    return attachment(intake.template_xlsx(), "mau-danh-sach-de-nghi.xlsx")


@router.post("/awards/proposals/{batch_id}/overrides/{override_id}/approve", response=OverrideOut)
def approve_override(request, batch_id: int, override_id: int):
    """A second person (not the proposer) approves a recorded exception to R9/R10 (issue 17.8)."""
    override = selectors.override_get(actor=request.user, batch_id=batch_id, override_id=override_id)
    return services.override_approve(actor=request.user, override=override)


@router.post("/awards/proposals/{batch_id}/transition", response=BatchOut)
def transition_proposal(request, batch_id: int, payload: TransitionIn):
    """One step of the pipeline (17.2): submit, send, receive, appraise, return (with reason), conclude."""
    batch = selectors.batch_get(actor=request.user, batch_id=batch_id)
    return services.batch_transition(
        actor=request.user,
        batch=batch,
        target=payload.target,
        reason=payload.reason,
        version=payload.version,
    )


@router.post("/awards/proposals/{batch_id}/forward", response={201: BatchOut})
def forward_proposal(request, batch_id: int, payload: ForwardIn):
    """Forward the accepted candidates beyond this level's authority to the level above; returns the
    consolidated upper batch (17.2)."""
    batch = selectors.batch_get(actor=request.user, batch_id=batch_id)
    return Status(201, services.batch_forward(actor=request.user, batch=batch, version=payload.version))


class StatusLogOut(Schema):
    at: datetime.datetime
    action: str
    action_label: str
    from_status: str
    to_status: str
    actor: str
    unit_id: int | None
    unit: str
    reason: str
    related_batch_id: int | None

    @staticmethod
    def resolve_at(obj) -> datetime.datetime:
        return obj.created_at

    @staticmethod
    def resolve_action_label(obj) -> str:
        return obj.get_action_display()

    @staticmethod
    def resolve_actor(obj) -> str:
        return obj.actor_name

    @staticmethod
    def resolve_unit(obj) -> str:
        return obj.unit.name if obj.unit else ""


@router.get("/awards/proposals/{batch_id}/log", response=list[StatusLogOut])
def proposal_log(request, batch_id: int):
    """The proposal's status log: who, unit, from → to status, reason, time (oldest first)."""
    batch = selectors.batch_get(actor=request.user, batch_id=batch_id)
    return list(selectors.batch_log(batch=batch))


@router.post("/awards/proposals/{batch_id}/council-vote", response=BatchOut)
def record_council_vote(request, batch_id: int, payload: CouncilVoteIn):
    batch = selectors.batch_get(actor=request.user, batch_id=batch_id)
    return services.council_vote_record(actor=request.user, batch=batch, **payload.model_dump())


class CouncilBallotIn(Schema):
    ballot_id: Id
    version: Version | None = None


@router.post("/awards/proposals/{batch_id}/council-vote/from-ballot", response=BatchOut)
def council_vote_from_ballot(request, batch_id: int, payload: CouncilBallotIn):
    """The council met in the system (17.3): take members, present and yes-votes from its tallied ballot
    (a conference hosted by the reviewing unit); R15 is checked when the council concludes."""
    batch = selectors.batch_get(actor=request.user, batch_id=batch_id)
    ballot = next((b for b in services.council_ballots(batch=batch) if b.pk == payload.ballot_id), None)
    if ballot is None:
        raise NotFound()
    return services.council_vote_from_ballot(
        actor=request.user, batch=batch, ballot=ballot, version=payload.version
    )


class FromBallotIn(Schema):
    ballot_id: Id
    award_code: Code


class CreatedCandidateOut(Schema):
    id: int
    unit_id: int
    achievement: str


@router.post("/awards/proposals/{batch_id}/candidates/from-ballot", response={201: list[CreatedCandidateOut]})
def candidates_from_ballot(request, batch_id: int, payload: FromBallotIn):
    """Propose the units a cluster conference voted for (winners of a tallied ballot of the batch's cluster)."""
    batch = selectors.batch_get(actor=request.user, batch_id=batch_id)
    ballot = next((b for b in services.ballots_for_batch(batch=batch) if b.pk == payload.ballot_id), None)
    if ballot is None:
        raise NotFound()
    created = services.candidates_from_ballot(
        actor=request.user, batch=batch, ballot=ballot, award_type=_award(payload.award_code)
    )
    return Status(201, created)


@router.post("/awards/decisions", response={201: DecisionOut})
def register_decision(request, payload: DecisionIn):
    data = payload.model_dump()
    batch = selectors.batch_get(actor=request.user, batch_id=data.pop("batch_id"))
    return Status(201, services.decision_register(actor=request.user, batch=batch, **data))


class AttachmentOut(Schema):
    id: int
    title: str
    original_name: str
    content_type: str
    size: int
    is_public: bool
    created_at: datetime.datetime


class AnnulIn(Schema):
    reason: str = Text(min_length=1, max_length=2000)
    legal_basis: str = Text(min_length=1, max_length=255)
    annulled_on: datetime.date | None = None
    record_ids: list[Id] = Field(default_factory=list, max_length=5000)
    artefacts_recovered: bool = False
    money_recovered: Decimal | None = Decimals(None, ge=0, le=999999999999, places=0)
    recovery_note: str = Text("", max_length=2000)


class AnnulmentOut(Schema):
    id: int
    decision_id: int | None
    is_whole_decision: bool
    annulled_on: datetime.date
    reason: str
    legal_basis: str
    artefacts_recovered: bool
    money_recovered: Decimal | None
    recovery_note: str
    record_ids: list[int]

    @staticmethod
    def resolve_record_ids(obj) -> list[int]:
        return sorted(obj.records.values_list("pk", flat=True))


@router.post("/awards/decisions/{decision_id}/annul", response={201: AnnulmentOut})
def annul_decision(request, decision_id: int, payload: AnnulIn):
    """R13: annul the whole decision (no record_ids) or some of its records, with the reason, the legal basis
    and the recovery of artefacts and money; statistics leave them out from `annulled_on`."""
    decision = selectors.decision_get(actor=request.user, decision_id=decision_id)
    records = []
    if payload.record_ids:
        wanted = set(payload.record_ids)
        records = [r for r in selectors.decision_records(decision=decision) if r.pk in wanted]
        if len(records) != len(wanted):
            raise NotFound()
    data = payload.model_dump(exclude={"record_ids"})
    annulment = services.annulment_register(
        actor=request.user, decision=None if records else decision, records=records, **data
    )
    return Status(201, annulment)


@router.get("/awards/decisions/{decision_id}/attachments", response=list[AttachmentOut])
def list_decision_attachments(request, decision_id: int):
    decision = selectors.decision_get(actor=request.user, decision_id=decision_id)
    return decision.attachments.order_by("created_at")


@router.post("/awards/decisions/{decision_id}/attachments", response={201: AttachmentOut})
def attach_to_decision(
    request,
    decision_id: int,
    file: File[UploadedFile],
    title: str = Form("", max_length=200, pattern=NO_NUL),  # noqa: B008
    is_public: Form[bool] = False,
):
    """Attach the signed decision or an annex (PDF, DOCX, JPG, PNG; size and content checked)."""
    decision = selectors.decision_get(actor=request.user, decision_id=decision_id)
    attachment = services.decision_attach(
        actor=request.user, decision=decision, uploaded=file, title=title, is_public=is_public
    )
    return Status(201, attachment)


@router.post("/awards/eligibility/check", response=list[CheckOut])
def check_eligibility(request, payload: CheckIn):
    """Explain, rule by rule with its clause, whether a unit/person may be proposed for an award in a year."""
    unit = _unit(request.user, payload.unit_id)
    person = _person(request.user, payload.person_id)
    facts = eligibility.Facts(
        year=payload.year, unit_ids={unit.pk}, person_ids={person.pk} if person else set()
    )
    subject = eligibility.Subject(
        award_type=_award(payload.award_code),
        unit_id=unit.pk,
        person_id=person.pk if person else None,
        achievement=payload.achievement,
        leads_cluster=payload.leads_cluster,
        meets_flag_standard=payload.meets_flag_standard,
    )
    return eligibility.evaluate(facts, subject).as_list()


class AwardRecordOut(Schema):
    id: int
    public_id: str
    award_code: str
    award: str
    year: int
    unit_id: int
    person_id: int | None
    recipient_name: str
    decision_number: str
    revoked: bool

    @staticmethod
    def resolve_public_id(obj) -> str:
        return str(obj.public_id)

    @staticmethod
    def resolve_award_code(obj) -> str:
        return obj.award_type.code

    @staticmethod
    def resolve_award(obj) -> str:
        return obj.award_type.name

    @staticmethod
    def resolve_revoked(obj) -> bool:
        return obj.is_revoked


class RevokeIn(Schema):
    reason: str = Text(max_length=REASON)


@router.get("/awards/records", response=list[AwardRecordOut])
def list_records(
    request,
    year: Year | None = None,
    unit_id: Id | None = None,
    person_id: Id | None = None,
    q: Search = "",
    sort: Search = "",
    limit: int = Query(500, ge=1, le=5000),
    offset: Offset = 0,
):
    """`q`: words of a person's or unit's name, an award, a decision number; `sort`: year, name, unit,
    award, decision (a leading "-" reverses; anything else gives the default, newest year first)."""
    records = selectors.record_list(
        actor=request.user, year=year, unit_id=unit_id, person_id=person_id, query=q
    )
    order = listing.sort_value(sort, selectors.RECORD_SORTS, selectors.RECORD_DEFAULT_SORT)
    return listing.ordered(records, selectors.RECORD_SORTS, order)[offset : offset + limit]


class NextEligibleOut(Schema):
    person_id: int
    person_name: str
    unit_id: int
    unit_name: str
    award_type_id: int = Field(description="The higher title the person could be proposed for")
    award_name: str
    have: str = Field(description="What the person already holds, e.g. “Chiến sĩ thi đua cơ sở 2023, 2024”")
    needs: str = Field(description="What is still missing, e.g. “đạt Chiến sĩ thi đua cơ sở năm 2025”")
    citation: str = Field(description="The legal clause of the rule")
    blocked: bool = Field(description="A running or pending discipline blocks the proposal")

    @staticmethod
    def resolve_person_id(obj) -> int:
        return obj["person"].pk

    @staticmethod
    def resolve_person_name(obj) -> str:
        return obj["person"].full_name

    @staticmethod
    def resolve_unit_id(obj) -> int:
        return obj["unit"].pk

    @staticmethod
    def resolve_unit_name(obj) -> str:
        return obj["unit"].name

    @staticmethod
    def resolve_award_type_id(obj) -> int:
        return obj["target"].pk

    @staticmethod
    def resolve_award_name(obj) -> str:
        return obj["target"].name


@router.get("/awards/next-eligible", response=list[NextEligibleOut])
def list_next_eligible(
    request,
    year: Year | None = None,
    unit_id: Id | None = None,
    q: Search = "",
    sort: Search = "",
    limit: int = Query(100, ge=1, le=1000),
    offset: Offset = 0,
):
    """ "Sắp đủ điều kiện": people of your units one year from a higher title (default: this year). `q`: words
    of the person's, unit's or title's name; `sort`: person, unit, target (a leading "-" reverses; anything else
    gives the page's default, by unit)."""
    rows = selectors.next_eligible_list(
        actor=request.user, year=year or timezone.localdate().year, unit_id=unit_id, query=q
    )
    order = listing.sort_value(sort, selectors.NEXT_ELIGIBLE_SORTS, "unit")  # type: ignore[arg-type]
    key = selectors.NEXT_ELIGIBLE_SORTS[order.removeprefix("-")]
    return sorted(rows, key=key, reverse=order.startswith("-"))[offset : offset + limit]


@router.post("/awards/records/{record_id}/revoke", response=AwardRecordOut)
def revoke_record(request, record_id: int, payload: RevokeIn):
    """R13: annul an award with the recorded reason (board of the unit's authority)."""
    record = selectors.record_get(actor=request.user, record_id=record_id)
    return services.award_record_revoke(actor=request.user, record=record, reason=payload.reason)


class NewPersonOut(Schema):
    row: int
    unit_id: int
    unit: str
    full_name: str
    rank: str
    position: str


class ImportErrorOut(Schema):
    row: int
    column: str
    message: str


class ImportJobOut(Schema):
    id: int
    original_name: str
    status: str = Field(
        description="pending, validating, preview (new people to confirm), saving, done, failed, cancelled"
    )
    rows_total: int
    rows_done: int
    created_count: int
    error_count: int
    errors: list[ImportErrorOut] = Field(description="The first 200 errors (row, column, message)")
    attempt: int
    can_retry: bool
    new_people_count: int
    new_people: list[NewPersonOut] = Field(description="People to be created on confirmation (first 1000)")
    people_created: int

    @staticmethod
    def resolve_errors(obj) -> list[dict]:
        return obj.translated_errors()[:200]

    @staticmethod
    def resolve_new_people(obj) -> list[dict]:
        return obj.new_people[:1000]


@router.get("/awards/imports/{job_id}", response=ImportJobOut)
def import_job(request, job_id: int):
    job = selectors.import_job_get(actor=request.user, job_id=job_id)
    if importing.is_stale(job=job):
        importing.jobs_fail_stale()
        job.refresh_from_db()
    return job


@router.post("/awards/imports", response={202: ImportJobOut})
def upload_import(
    request,
    file: File[UploadedFile],
    scope_id: Form[Id],
    confirm_new_people: Form[bool] = True,
):
    """Upload a commendation list (the template of GET /khen-thuong/mau-nhap.xlsx) for a unit and its
    units; it is checked and imported in the background — poll GET /awards/imports/{id}. People not
    found by name + unit are listed (status "preview") and created only on POST …/confirm; with
    confirm_new_people=false their records are saved by name, linked to no person."""
    from .errors import ImportRefused

    scope = _unit(request.user, scope_id)
    try:
        job = importing.job_create(
            actor=request.user,
            scope=scope,
            name=file.name or "",
            content=file,
            confirm_new_people=confirm_new_people,
        )
    except importing.Refused as refused:
        raise ImportRefused(reason=refused.translated()) from None
    job.refresh_from_db()
    return Status(202, job)


@router.post("/awards/imports/{job_id}/confirm", response={202: ImportJobOut})
def confirm_import_people(request, job_id: int):
    """Create the listed new people and save the records (409 unless the job waits in "preview")."""
    job = selectors.import_job_get(actor=request.user, job_id=job_id)
    importing.job_confirm_people(actor=request.user, job=job)
    job.refresh_from_db()
    return Status(202, job)


@router.post("/awards/imports/{job_id}/cancel", response=ImportJobOut)
def cancel_import(request, job_id: int):
    job = selectors.import_job_get(actor=request.user, job_id=job_id)
    return importing.job_cancel(actor=request.user, job=job)


@router.post("/awards/imports/{job_id}/retry", response={202: ImportJobOut})
def retry_import_job(request, job_id: int):
    """Run an interrupted import again (its worker stopped: no heartbeat); 409 otherwise."""
    job = selectors.import_job_get(actor=request.user, job_id=job_id)
    return Status(202, importing.job_retry(actor=request.user, job=job))


# -- counts without names (16.8) -------------------------------------------------------------------


class AwardCountOut(Schema):
    id: int
    public_id: str
    award_code: str
    award: str
    recipient_kind: str
    year: int
    unit_id: int | None
    cluster_term_id: int | None
    count: int = Field(description="The paper's figure, named recipients of the same paper included")
    named: int = Field(description="Records with names from the same paper (decision number, award, year)")
    remainder: int = Field(description="What the statistics add to the named records: count − named, ≥ 0")
    decision_id: int | None
    decision_number: str
    decision_date: KnownDateOut | None
    decision_date_precision: str
    signer_name: str
    authority: str
    source: str
    track: str
    note: str

    @staticmethod
    def resolve_public_id(obj) -> str:
        return str(obj.public_id)

    @staticmethod
    def resolve_award_code(obj) -> str:
        return obj.award_type.code

    @staticmethod
    def resolve_award(obj) -> str:
        return obj.award_type.name

    @staticmethod
    def resolve_decision_date(obj):
        return obj.decision_known


class AwardCountIn(Schema):
    award_code: Code
    year: Year
    count: int = Field(ge=1, le=count_services.MAX_COUNT)
    unit_id: Id | None = Field(None, description="The unit awarded; or cluster_term_id for a whole cluster")
    cluster_term_id: Id | None = None
    decision_id: Id | None = Field(
        None, description="A registered decision: its number, date, signer are used"
    )
    decision_number: str = Text("", max_length=60)
    decision_date: KnownDateIn | None = Field(None, description="As far as known: 2019, 2019-11, 2019-11-15")
    signer_name: str = Text("", max_length=150)
    authority: str = Text("", max_length=160)
    source: str = Text("", max_length=NAME, description="Required without a decision number")
    track: Track = Track.REGULAR
    note: str = Text("", max_length=NOTE)


class AwardCountPatch(Schema):
    count: int = Omitted(ge=1, le=count_services.MAX_COUNT)
    decision_date: KnownDateIn | None = None
    signer_name: str = Text(OMIT, max_length=150)
    authority: str = Text(OMIT, max_length=160)
    source: str = Text(OMIT, max_length=NAME)
    track: Track = Omitted()
    note: str = Text(OMIT, max_length=NOTE)


def _with_remainder(award_count):
    named = count_services.named_in_papers(counts=[award_count])[award_count.pk]
    award_count.named, award_count.remainder = named, max(0, award_count.count - named)
    return award_count


@router.get("/awards/counts", response=list[AwardCountOut])
def list_award_counts(
    request, year: Year | None = None, unit_id: Id | None = None, cluster_term_id: Id | None = None
):
    """Counts without names in your scope, each with the named records of its paper and its remainder."""
    return selectors.award_count_list(
        actor=request.user, year=year, unit_id=unit_id, cluster_term_id=cluster_term_id
    )[:2000]


@router.post("/awards/counts", response={201: AwardCountOut})
def create_award_count(request, payload: AwardCountIn):
    """Record "N tập thể / cá nhân được tặng …" from a paper that gives no names (board of the unit's
    authority, or of the cluster's owner)."""
    data = payload.model_dump()
    term = None
    term_id = data.pop("cluster_term_id")
    if term_id:
        term = access.terms_in_scope(request.user).filter(pk=term_id).first()
        if term is None:
            raise NotFound()
    unit_id = data.pop("unit_id")
    decision_id = data.pop("decision_id")
    decision = selectors.decision_get(actor=request.user, decision_id=decision_id) if decision_id else None
    created = count_services.award_count_create(
        actor=request.user,
        award_type=_award(data.pop("award_code")),
        unit=_unit(request.user, unit_id) if unit_id else None,
        cluster_term=term,
        decision=decision,
        **data,
    )
    return Status(201, _with_remainder(created))


@router.patch("/awards/counts/{count_id}", response=AwardCountOut)
def update_award_count(request, count_id: int, payload: AwardCountPatch):
    award_count = selectors.award_count_get(actor=request.user, count_id=count_id)
    changes = payload.model_dump(exclude_unset=True)
    updated = count_services.award_count_update(actor=request.user, award_count=award_count, **changes)
    return _with_remainder(updated)


@router.delete("/awards/counts/{count_id}", response={204: None})
def delete_award_count(request, count_id: int):
    award_count = selectors.award_count_get(actor=request.user, count_id=count_id)
    count_services.award_count_delete(actor=request.user, award_count=award_count)
    return Status(204, None)


# -- people (16.9) ---------------------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    full_name: str
    rank: str
    position: str
    unit_id: int
    unit: str
    birth_date: KnownDateOut | None = Field(description="As far as known: 1980, 1980-03, 1980-03-15")
    birth_date_precision: str
    service_start: KnownDateOut | None
    service_start_precision: str

    @staticmethod
    def resolve_unit(obj) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_birth_date(obj):
        return obj.birth_known

    @staticmethod
    def resolve_service_start(obj):
        return obj.service_start_known


class PersonIn(Schema):
    full_name: str = Text(min_length=1, max_length=150)
    unit_id: Id
    rank: str = Text("", max_length=80)
    position: str = Text("", max_length=150)
    birth_date: KnownDateIn | None = None
    service_start: KnownDateIn | None = Field(None, description="Start of service (long-service medals)")


class PersonPatch(Schema):
    full_name: str = Text(OMIT, min_length=1, max_length=150)
    unit_id: Id = Omitted()
    rank: str = Text(OMIT, max_length=80)
    position: str = Text(OMIT, max_length=150)
    birth_date: KnownDateIn | None = Field(None, description="null clears it (not known)")
    service_start: KnownDateIn | None = None


@router.get("/awards/people", response=list[PersonOut])
def list_people(
    request,
    q: Search = "",
    unit_id: Id | None = None,
    limit: int = Query(100, ge=1, le=1000),
    offset: Offset = 0,
):
    """People of your units; `q` finds a name with or without tone marks ("hung" finds Hùng and Hưng)."""
    return selectors.person_list(actor=request.user, q=q, unit_id=unit_id)[offset : offset + limit]


@router.get("/awards/people/{person_id}", response=PersonOut)
def get_person(request, person_id: int):
    return selectors.person_get(actor=request.user, person_id=person_id)


@router.post("/awards/people", response={201: PersonOut})
def create_person(request, payload: PersonIn):
    data = payload.model_dump()
    unit = _unit(request.user, data.pop("unit_id"))
    return Status(201, services.person_create(actor=request.user, unit=unit, **data))


@router.patch("/awards/people/{person_id}", response=PersonOut)
def update_person(request, person_id: int, payload: PersonPatch):
    """Change what is sent; a date sent as null is cleared. Former values stay in the history."""
    person = selectors.person_get(actor=request.user, person_id=person_id)
    changes = payload.model_dump(exclude_unset=True)
    if "unit_id" in changes:
        changes["unit"] = _unit(request.user, changes.pop("unit_id"))
    return services.person_update(actor=request.user, person=person, **changes)
