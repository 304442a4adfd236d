import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from thidua.core.dates import DatePrecision
from thidua.core.schemas import (
    MAX_INT,
    NAME,
    NARRATIVE,
    OMIT,
    REASON,
    Date,
    Decimals,
    Id,
    IdList,
    Items,
    KnownDateOut,
    Omitted,
    Points,
    SmallCount,
    Text,
    Version,
    Year,
)

from .models import (
    CovenantDocumentKind,
    CovenantScale,
    CriterionMethod,
    Direction,
    InitiativeKind,
    Measure,
    ResultMeasure,
    ResultQualifier,
    RuleKind,
)


class UnitRef(Schema):
    id: int
    name: str
    short_name: str


class CriterionOut(Schema):
    id: int
    code: str
    title: str
    max_points: Decimal
    method: CriterionMethod
    reference: str
    cap_ratio: Decimal
    points_per_item: Decimal | None
    formula_hint: str


class GroupOut(Schema):
    id: int
    order: int
    code: str
    title: str
    criteria: list[CriterionOut]

    @staticmethod
    def resolve_criteria(obj) -> list:
        return list(obj.criteria.all())


class SignatoryOut(Schema):
    unit: UnitRef
    signer_name: str
    signer_position: str
    signed: bool


class RuleOut(Schema):
    id: int
    kind: RuleKind
    title: str
    points: Decimal
    cap: Decimal | None


class AmendmentOut(Schema):
    id: int
    made_at: datetime.datetime
    made_by_id: int | None
    reason: str
    target_kind: str
    target_id: int | None
    before: dict
    after: dict


class TermResultOut(Schema):
    """A counted result (16.7): `unit` null is the cluster as a whole; `figure` as the paper says it."""

    id: int
    term_id: int
    unit: UnitRef | None
    is_cluster_level: bool
    measure: ResultMeasure
    label: str
    value: Decimal
    unit_of_measure: str
    qualifier: ResultQualifier
    target_authority: str
    period_label: str
    source: str
    figure: str


class TermResultIn(Schema):
    unit_id: Id | None = Field(None, description="A member unit; left out or null: the cluster as a whole.")
    measure: ResultMeasure
    label: str = Text(min_length=1, max_length=NAME)
    value: Decimal = Decimals(ge=0, le="999999999999.99", places=2)  # up to ~1 000 tỷ đồng
    qualifier: ResultQualifier = ResultQualifier.EXACT
    unit_of_measure: str = Text("", max_length=40)
    target_authority: str = Text("", max_length=120)
    period_label: str = Text("", max_length=120)
    source: str = Text("", max_length=500)


class CovenantDocumentOut(Schema):
    """A paper adopted with the covenant (16.5); `download_url` is empty when only its title is known."""

    id: int
    kind: CovenantDocumentKind
    title: str
    number: str
    adopted_on: KnownDateOut
    adopted_on_precision: DatePrecision
    original_name: str
    size: int
    download_url: str

    @staticmethod
    def resolve_adopted_on(obj):
        return obj.adopted_known

    @staticmethod
    def resolve_download_url(obj) -> str:
        from django.urls import reverse

        if not obj.file:
            return ""
        return reverse("emulation:covenant_document", args=[obj.covenant.term_id, obj.pk])


class CovenantOut(Schema):
    id: int
    term_id: int
    slogan: str
    status: str
    is_signed: bool
    signed_on: datetime.date | None
    scale: CovenantScale
    is_qualitative: bool
    total_points: Decimal
    groups: list[GroupOut]
    rules: list[RuleOut]
    signatories: list[SignatoryOut]
    amendments: list[AmendmentOut]
    documents: list[CovenantDocumentOut]
    version: int

    @staticmethod
    def resolve_documents(obj) -> list:
        return list(obj.documents.all())

    @staticmethod
    def resolve_groups(obj) -> list:
        return list(obj.groups.all())

    @staticmethod
    def resolve_rules(obj) -> list:
        return list(obj.rules.all())

    @staticmethod
    def resolve_signatories(obj) -> list:
        return list(obj.signatories.all())

    @staticmethod
    def resolve_amendments(obj) -> list:
        return list(obj.amendments.all())


class CovenantIn(Schema):
    slogan: str = Text("", max_length=NAME)
    total_points: Decimal = Points(Decimal("100"))
    signed_at_place: str = Text("", max_length=NAME)
    scale: CovenantScale = Field(
        CovenantScale.POINTS, description="`qualitative` when the papers give no point scale (16.5)."
    )


class CovenantPatch(Schema):
    """Only the fields sent change; none may be null (NOT NULL columns)."""

    version: Version = Field(
        description="The version read (GET); a stale one is refused with 409 stale_write."
    )
    slogan: str = Text(OMIT, max_length=NAME)
    total_points: Decimal = Points(OMIT)
    signed_at_place: str = Text(OMIT, max_length=NAME)
    scale: CovenantScale = Omitted()


class GroupIn(Schema):
    code: str = Text(min_length=1, max_length=20)
    title: str = Text(min_length=1, max_length=NAME)


class CriterionIn(Schema):
    code: str = Text(min_length=1, max_length=20)
    title: str = Text(min_length=1, max_length=500)
    max_points: Decimal = Points(
        Decimal(0), description="0 (or left out) when the covenant has no point scale."
    )
    method: CriterionMethod = CriterionMethod.TARGET
    reference: str = Text("", max_length=500)


class RuleIn(Schema):
    kind: RuleKind
    title: str = Text(min_length=1, max_length=500)
    points: Decimal = Points(le=1000)
    cap: Decimal | None = Points(None, le=1000)


class CovenantSignIn(Schema):
    signed_on: Date
    version: int | None = Field(
        None,
        ge=1,
        le=MAX_INT,
        description="The covenant version read (GET); when given, a stale one gives 409 stale_write.",
    )


class AmendFieldsIn(Schema):
    """The fields an amendment may change (which ones apply depends on the kind: the service checks)."""

    model_config = ConfigDict(extra="forbid")

    slogan: str = Text(OMIT, max_length=NAME)
    total_points: Decimal = Points(OMIT)
    signed_at_place: str = Text(OMIT, max_length=NAME)
    order: SmallCount = Omitted()
    code: str = Text(OMIT, min_length=1, max_length=20)
    title: str = Text(OMIT, min_length=1, max_length=500)
    max_points: Decimal = Points(OMIT)
    method: CriterionMethod = Omitted()
    reference: str = Text(OMIT, max_length=500)
    cap_ratio: Decimal = Decimals(OMIT, ge=0, le=999)
    points_per_item: Decimal | None = Points(None)
    formula_hint: str = Text(OMIT, max_length=500)
    kind: RuleKind = Omitted()
    points: Decimal = Points(OMIT, le=1000)
    cap: Decimal | None = Points(None, le=1000)


class ChangeIn(Schema):
    kind: Literal["covenant", "group", "criterion", "rule"]
    id: Id | None = None
    fields: AmendFieldsIn


class AmendIn(Schema):
    reason: str = Text(min_length=1, max_length=REASON)
    changes: list[ChangeIn] = Items(max_length=200)
    version: int | None = Field(
        None,
        ge=1,
        le=MAX_INT,
        description="The covenant version read (GET); when given, a stale one gives 409 stale_write.",
    )


class PeriodOut(Schema):
    id: int
    year: int
    kind: str
    number: int
    label: str
    start_date: datetime.date
    end_date: datetime.date
    default_deadline: datetime.date
    due_date: datetime.date | None = None


class TargetOut(Schema):
    id: int
    criterion_id: int | None
    order: int
    indicator: str
    unit_of_measure: str
    direction: Direction
    measure: Measure
    target_value: Decimal
    note: str
    version: int


class TargetIn(Schema):
    criterion_id: Id | None = None
    indicator: str = Text(min_length=1, max_length=500)
    unit_of_measure: str = Text(min_length=1, max_length=60)
    direction: Direction = Direction.HIGHER
    measure: Measure = Measure.CUMULATIVE
    target_value: Decimal = Decimals(ge=0, le=Decimal("999999999999.99"))
    note: str = Text("", max_length=500)


class RegistrationOut(Schema):
    id: int
    term_id: int
    unit_id: int
    status: str
    submitted_at: datetime.datetime | None
    approved_at: datetime.datetime | None
    accepted_at: datetime.datetime | None
    return_reason: str
    targets: list[TargetOut]

    @staticmethod
    def resolve_targets(obj) -> list:
        return list(obj.targets.all())


class ReasonIn(Schema):
    reason: str = Text("", max_length=REASON)


class ValueOut(Schema):
    target_id: int
    actual_value: Decimal
    note: str


class EvidenceOut(Schema):
    id: int
    original_name: str
    size: int
    content_type: str
    description: str
    uploaded_at: datetime.datetime


class ReportOut(Schema):
    id: int
    term_id: int
    unit_id: int
    period_id: int
    status: str
    due_date: datetime.date | None
    is_late: bool
    submitted_at: datetime.datetime | None
    return_reason: str
    narrative_professional: str
    narrative_emulation: str
    narrative_force_building: str
    values: list[ValueOut]
    evidence: list[EvidenceOut]
    version: int

    @staticmethod
    def resolve_values(obj) -> list:
        return list(obj.values.all())

    @staticmethod
    def resolve_evidence(obj) -> list:
        return list(obj.evidence.all())


class ValueIn(Schema):
    target_id: Id
    actual_value: Decimal | None = Decimals(None, ge=0, le=Decimal("999999999999.99"))
    note: str = Text("", max_length=500)


class ReportIn(Schema):
    """A narrative left out or null keeps its text."""

    version: Version = Field(
        description="The report version read (GET; 1 for a report not created yet); a stale one gives 409."
    )
    values: list[ValueIn] = Items([])
    narrative_professional: str | None = Text(None, max_length=NARRATIVE)
    narrative_emulation: str | None = Text(None, max_length=NARRATIVE)
    narrative_force_building: str | None = Text(None, max_length=NARRATIVE)


class TargetProgressOut(Schema):
    target_id: int
    indicator: str
    target_value: Decimal
    expected: Decimal
    actual: Decimal | None
    on_track: bool
    percent_of_year: Decimal | None
    forecast: Decimal | None
    forecast_on_track: bool | None


class UnitProgressOut(Schema):
    unit: UnitRef
    total: int
    reported: int
    on_track: int
    share: Decimal | None
    forecast_share: Decimal | None
    targets: list[TargetProgressOut]


class TermProgressOut(Schema):
    term_id: int
    period: PeriodOut
    total: int
    on_track: int
    share: Decimal | None
    forecast_share: Decimal | None
    units: list[UnitProgressOut]


class InitiativeOut(Schema):
    id: int
    kind: InitiativeKind
    name: str
    unit: UnitRef
    year: int
    description: str
    results: str
    replicated_to: list[UnitRef]

    @staticmethod
    def resolve_replicated_to(obj) -> list:
        return list(obj.replicated_to.all())


class InitiativeIn(Schema):
    unit_id: Id
    kind: InitiativeKind
    name: str = Text(min_length=1, max_length=NAME)
    year: Year
    description: str = Text("", max_length=NARRATIVE)
    results: str = Text("", max_length=NARRATIVE)
    replicated_to_ids: IdList = []


class MovementOut(Schema):
    id: int
    kind: str
    name: str
    owner: UnitRef
    start_date: datetime.date
    end_date: datetime.date
    description: str
    slogan: str  # 16.12: what the API accepts, it returns
    reference: str


class MovementIn(Schema):
    owner_id: Id
    kind: str = Text(max_length=16)
    name: str = Text(min_length=1, max_length=NAME)
    slogan: str = Text("", max_length=NAME)
    start_date: Date
    end_date: Date
    description: str = Text("", max_length=NARRATIVE)
    reference: str = Text("", max_length=NAME)
    unit_ids: IdList = []
    term_ids: IdList = []


class PeriodIn(Schema):
    owner_id: Id
    year: Year
    kind: str = Text(max_length=16)
    number: int = Field(1, ge=1, le=4)
    start_date: Date
    end_date: Date
    default_deadline: Date


class StandardPeriodsIn(Schema):
    owner_id: Id
    year: Year


class DeadlineIn(Schema):
    due_date: Date
