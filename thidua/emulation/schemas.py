import datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

from .models import CriterionMethod, Direction, InitiativeKind, Measure, RuleKind


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


class CovenantOut(Schema):
    id: int
    term_id: int
    slogan: str
    status: str
    is_signed: bool
    signed_on: datetime.date | None
    total_points: Decimal
    groups: list[GroupOut]
    rules: list[RuleOut]
    signatories: list[SignatoryOut]
    amendments: list[AmendmentOut]
    version: int

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
    slogan: str = Field("", max_length=255)
    total_points: Decimal = Field(Decimal("100"), ge=0, le=10000)
    signed_at_place: str = Field("", max_length=255)


class CovenantPatch(Schema):
    version: int = Field(
        ge=1, description="The version read (GET); a stale one is refused with 409 stale_write."
    )
    slogan: str | None = Field(None, max_length=255)
    total_points: Decimal | None = Field(None, ge=0, le=10000)
    signed_at_place: str | None = Field(None, max_length=255)


class GroupIn(Schema):
    code: str = Field(min_length=1, max_length=20)
    title: str = Field(min_length=1, max_length=255)


class CriterionIn(Schema):
    code: str = Field(min_length=1, max_length=20)
    title: str = Field(min_length=1, max_length=500)
    max_points: Decimal = Field(ge=0, le=10000)
    method: CriterionMethod = CriterionMethod.TARGET
    reference: str = Field("", max_length=500)


class RuleIn(Schema):
    kind: RuleKind
    title: str = Field(min_length=1, max_length=500)
    points: Decimal = Field(ge=0, le=1000)
    cap: Decimal | None = Field(None, ge=0, le=1000)


class SignIn(Schema):
    signed_on: datetime.date


class ChangeIn(Schema):
    kind: Literal["covenant", "group", "criterion", "rule"]
    id: int | None = None
    fields: dict[str, Any]


class AmendIn(Schema):
    reason: str = Field(min_length=1)
    changes: list[ChangeIn]


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
    criterion_id: int | None = None
    indicator: str = Field(min_length=1, max_length=500)
    unit_of_measure: str = Field(min_length=1, max_length=60)
    direction: Direction = Direction.HIGHER
    measure: Measure = Measure.CUMULATIVE
    target_value: Decimal = Field(ge=0, lt=Decimal("1e12"))
    note: str = Field("", max_length=500)


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
    reason: str = ""


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
    target_id: int
    actual_value: Decimal | None = Field(None, ge=0, lt=Decimal("1e12"))
    note: str = Field("", max_length=500)


class ReportIn(Schema):
    version: int = Field(
        ge=1,
        description="The report version read (GET; 1 for a report not created yet); a stale one gives 409.",
    )
    values: list[ValueIn] = []
    narrative_professional: str | None = None
    narrative_emulation: str | None = None
    narrative_force_building: str | None = None


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
    unit_id: int
    kind: InitiativeKind
    name: str = Field(min_length=1, max_length=255)
    year: int = Field(ge=2000, le=2100)
    description: str = ""
    results: str = ""
    replicated_to_ids: list[int] = []


class MovementOut(Schema):
    id: int
    kind: str
    name: str
    owner: UnitRef
    start_date: datetime.date
    end_date: datetime.date
    description: str


class MovementIn(Schema):
    owner_id: int
    kind: str
    name: str = Field(min_length=1, max_length=255)
    slogan: str = Field("", max_length=255)
    start_date: datetime.date
    end_date: datetime.date
    description: str = ""
    reference: str = Field("", max_length=255)
    unit_ids: list[int] = []
    term_ids: list[int] = []


class PeriodIn(Schema):
    owner_id: int
    year: int = Field(ge=2000, le=2100)
    kind: str
    number: int = Field(1, ge=1, le=4)
    start_date: datetime.date
    end_date: datetime.date
    default_deadline: datetime.date


class StandardPeriodsIn(Schema):
    owner_id: int
    year: int = Field(ge=2000, le=2100)


class DeadlineIn(Schema):
    due_date: datetime.date
