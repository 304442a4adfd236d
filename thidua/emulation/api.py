"""JSON API for the emulation cycle under /api/v1/emulation/…: same services, same permissions."""

from django.utils.translation import gettext_lazy as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from thidua.accounts.models import User
from thidua.core.dates import KnownDate
from thidua.core.errors import NotFound, ValidationFailed
from thidua.core.schemas import KNOWN_DATE_PATTERN, NAME, NO_NUL, Id, Offset, Search, Year
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import Unit

from . import selectors, services
from .models import CovenantDocumentKind
from .schemas import (
    AmendIn,
    AmendmentOut,
    CovenantDocumentOut,
    CovenantIn,
    CovenantOut,
    CovenantPatch,
    CovenantSignIn,
    CriterionIn,
    CriterionOut,
    DeadlineIn,
    EvidenceOut,
    GroupIn,
    GroupOut,
    InitiativeIn,
    InitiativeOut,
    MovementIn,
    MovementOut,
    PeriodIn,
    PeriodOut,
    ReasonIn,
    RegistrationOut,
    ReportIn,
    ReportOut,
    RuleIn,
    RuleOut,
    StandardPeriodsIn,
    TargetIn,
    TargetOut,
    TermProgressOut,
    TermResultIn,
    TermResultOut,
)

router = Router(tags=["Giao ước & báo cáo"])


def _member(term, unit_id: int) -> Unit:
    for unit in selectors.term_member_units(term=term):
        if unit.pk == unit_id:
            return unit
    raise NotFound()


def _covenant(actor: User, term_id: int):
    term = selectors.term_get(actor=actor, term_id=term_id)
    covenant = selectors.covenant_for_term(actor=actor, term=term)
    if covenant is None:
        raise NotFound()
    return covenant


# -- covenant ------------------------------------------------------------------------------------


@router.get("/emulation/terms/{term_id}/covenant", response=CovenantOut)
def get_covenant(request, term_id: int):
    return _covenant(request.user, term_id)


@router.post("/emulation/terms/{term_id}/covenant", response={201: CovenantOut})
def create_covenant(request, term_id: int, payload: CovenantIn):
    term = selectors.term_get(actor=request.user, term_id=term_id)
    services.covenant_create(actor=request.user, term=term, **payload.model_dump())
    return Status(201, _covenant(request.user, term_id))


@router.post("/emulation/terms/{term_id}/covenant/copy", response={201: CovenantOut})
def copy_covenant(request, term_id: int):
    term = selectors.term_get(actor=request.user, term_id=term_id)
    services.covenant_copy_from_previous(actor=request.user, term=term)
    return Status(201, _covenant(request.user, term_id))


@router.patch("/emulation/covenants/{covenant_id}", response=CovenantOut)
def update_covenant(request, covenant_id: int, payload: CovenantPatch):
    covenant = selectors.covenant_get(actor=request.user, covenant_id=covenant_id)
    services.covenant_update(actor=request.user, covenant=covenant, **payload.model_dump(exclude_unset=True))
    return selectors.covenant_get(actor=request.user, covenant_id=covenant_id)


@router.delete("/emulation/criteria/{criterion_id}", response={204: None})
def delete_criterion(request, criterion_id: int):
    services.criterion_delete(
        actor=request.user, criterion=selectors.criterion_get(actor=request.user, criterion_id=criterion_id)
    )
    return Status(204, None)


@router.post("/emulation/covenants/{covenant_id}/groups", response={201: GroupOut})
def add_group(request, covenant_id: int, payload: GroupIn):
    covenant = selectors.covenant_get(actor=request.user, covenant_id=covenant_id)
    return Status(201, services.group_add(actor=request.user, covenant=covenant, **payload.model_dump()))


@router.post("/emulation/groups/{group_id}/criteria", response={201: CriterionOut})
def add_criterion(request, group_id: int, payload: CriterionIn):
    group = selectors.group_get(actor=request.user, group_id=group_id)
    return Status(201, services.criterion_add(actor=request.user, group=group, **payload.model_dump()))


@router.post("/emulation/covenants/{covenant_id}/rules", response={201: RuleOut})
def add_rule(request, covenant_id: int, payload: RuleIn):
    covenant = selectors.covenant_get(actor=request.user, covenant_id=covenant_id)
    return Status(201, services.rule_add(actor=request.user, covenant=covenant, **payload.model_dump()))


@router.post("/emulation/covenants/{covenant_id}/sign", response=CovenantOut)
def sign_covenant(request, covenant_id: int, payload: CovenantSignIn):
    covenant = selectors.covenant_get(actor=request.user, covenant_id=covenant_id)
    services.covenant_sign(
        actor=request.user, covenant=covenant, signed_on=payload.signed_on, version=payload.version
    )
    return selectors.covenant_get(actor=request.user, covenant_id=covenant_id)


@router.post("/emulation/covenants/{covenant_id}/documents", response={201: CovenantDocumentOut})
def attach_covenant_document(
    request,
    covenant_id: int,
    kind: CovenantDocumentKind = Form(...),  # noqa: B008
    adopted_on: str = Form(..., max_length=20, pattern=KNOWN_DATE_PATTERN),  # noqa: B008
    title: str = Form("", max_length=NAME, pattern=NO_NUL),  # noqa: B008
    number: str = Form("", max_length=60, pattern=NO_NUL),  # noqa: B008
    file: File[UploadedFile] | None = File(None),  # noqa: B008
):
    """A paper adopted with the covenant (quy chế hoạt động, phương pháp chấm điểm…), multipart; the
    adoption date as known ("2019", "2019-03", "2019-03-15", "03/2019"); the file is optional (16.5)."""
    covenant = selectors.covenant_get(actor=request.user, covenant_id=covenant_id)
    try:
        adopted = KnownDate.parse(adopted_on)
    except ValueError as error:
        raise ValidationFailed(str(error), field="adopted_on") from None
    document = services.covenant_document_attach(
        actor=request.user,
        covenant=covenant,
        kind=kind,
        title=title,
        number=number,
        adopted_on=adopted,
        file=file,
    )
    return Status(201, document)


@router.post("/emulation/covenants/{covenant_id}/amendments", response={201: list[AmendmentOut]})
def amend_covenant(request, covenant_id: int, payload: AmendIn):
    covenant = selectors.covenant_get(actor=request.user, covenant_id=covenant_id)
    changes = [change.model_dump(exclude_unset=True) for change in payload.changes]
    return Status(
        201,
        services.covenant_amend(
            actor=request.user,
            covenant=covenant,
            reason=payload.reason,
            changes=changes,
            version=payload.version,
        ),
    )


@router.get("/emulation/terms/{term_id}/periods", response=list[PeriodOut])
def list_periods(request, term_id: int):
    term = selectors.term_get(actor=request.user, term_id=term_id)
    return selectors.term_periods(term=term)


def _owner(actor: User, owner_id: int) -> Unit:
    owner = access.units_in_scope(actor, Action.VIEW).filter(pk=owner_id).first()
    if owner is None:
        raise NotFound()
    return owner


@router.post("/emulation/movements", response={201: MovementOut})
def create_movement(request, payload: MovementIn):
    data = payload.model_dump()
    owner = _owner(request.user, data.pop("owner_id"))
    units = list(Unit.objects.filter(pk__in=data.pop("unit_ids")))
    terms = list(selectors.term_list(actor=request.user).filter(pk__in=data.pop("term_ids")))
    return Status(
        201, services.movement_create(actor=request.user, owner=owner, units=units, terms=terms, **data)
    )


@router.get("/emulation/periods", response=list[PeriodOut])
def list_owner_periods(request, owner_id: Id, year: Year):
    owner = _owner(request.user, owner_id)
    return list(selectors.owner_periods(owner=owner, year=year))


@router.post("/emulation/periods", response={201: PeriodOut})
def create_period(request, payload: PeriodIn):
    data = payload.model_dump()
    owner = _owner(request.user, data.pop("owner_id"))
    return Status(201, services.period_create(actor=request.user, owner=owner, **data))


@router.post("/emulation/periods/standard", response={201: list[PeriodOut]})
def create_standard_periods(request, payload: StandardPeriodsIn):
    owner = _owner(request.user, payload.owner_id)
    return Status(201, services.periods_create_standard(actor=request.user, owner=owner, year=payload.year))


@router.put("/emulation/terms/{term_id}/periods/{period_id}/deadline", response=PeriodOut)
def set_deadline(request, term_id: int, period_id: int, payload: DeadlineIn):
    term = selectors.term_get(actor=request.user, term_id=term_id)
    period = selectors.period_get(term=term, period_id=period_id)
    services.period_deadline_set(actor=request.user, term=term, period=period, due_date=payload.due_date)
    return selectors.period_get(term=term, period_id=period_id)


@router.get("/emulation/movements", response=list[MovementOut])
def list_movements(request, year: Year | None = None):
    return selectors.movement_list(actor=request.user, year=year)


# -- registration --------------------------------------------------------------------------------


@router.get("/emulation/terms/{term_id}/units/{unit_id}/registration", response=RegistrationOut)
def get_registration(request, term_id: int, unit_id: int):
    term = selectors.term_get(actor=request.user, term_id=term_id)
    registration = selectors.registration_for(actor=request.user, term=term, unit=_member(term, unit_id))
    if registration is None:
        raise NotFound()
    return registration


@router.post("/emulation/terms/{term_id}/units/{unit_id}/registration/targets", response={201: TargetOut})
def add_target(request, term_id: int, unit_id: int, payload: TargetIn):
    term = selectors.term_get(actor=request.user, term_id=term_id)
    unit = _member(term, unit_id)
    data = payload.model_dump()
    criterion_id = data.pop("criterion_id")
    criterion = None
    if criterion_id is not None:
        criterion = next((c for c in selectors.covenant_criteria(term=term) if c.pk == criterion_id), None)
        if criterion is None:
            raise ValidationFailed(_("Tiêu chí không thuộc giao ước của cụm."), field="criterion_id")
    registration = services.registration_open(actor=request.user, term=term, unit=unit)
    return Status(
        201, services.target_add(actor=request.user, registration=registration, criterion=criterion, **data)
    )


@router.delete("/emulation/targets/{target_id}", response={204: None})
def delete_target(request, target_id: int):
    services.target_delete(
        actor=request.user, target=selectors.target_get(actor=request.user, target_id=target_id)
    )
    return Status(204, None)


@router.post("/emulation/registrations/{registration_id}/submit", response=RegistrationOut)
def submit_registration(request, registration_id: int):
    registration = selectors.registration_get(actor=request.user, registration_id=registration_id)
    services.registration_submit(actor=request.user, registration=registration)
    return selectors.registration_get(actor=request.user, registration_id=registration_id)


@router.post("/emulation/registrations/{registration_id}/approve", response=RegistrationOut)
def approve_registration(request, registration_id: int):
    registration = selectors.registration_get(actor=request.user, registration_id=registration_id)
    services.registration_approve(actor=request.user, registration=registration)
    return selectors.registration_get(actor=request.user, registration_id=registration_id)


@router.post("/emulation/registrations/{registration_id}/accept", response=RegistrationOut)
def accept_registration(request, registration_id: int):
    registration = selectors.registration_get(actor=request.user, registration_id=registration_id)
    services.registration_accept(actor=request.user, registration=registration)
    return selectors.registration_get(actor=request.user, registration_id=registration_id)


@router.post("/emulation/registrations/{registration_id}/return", response=RegistrationOut)
def return_registration(request, registration_id: int, payload: ReasonIn):
    registration = selectors.registration_get(actor=request.user, registration_id=registration_id)
    services.registration_return(actor=request.user, registration=registration, reason=payload.reason)
    return selectors.registration_get(actor=request.user, registration_id=registration_id)


# -- reports -------------------------------------------------------------------------------------


def _report_args(request, term_id: int, unit_id: int, period_id: int):
    term = selectors.term_get(actor=request.user, term_id=term_id)
    return term, _member(term, unit_id), selectors.period_get(term=term, period_id=period_id)


@router.get("/emulation/terms/{term_id}/units/{unit_id}/periods/{period_id}/report", response=ReportOut)
def get_report(request, term_id: int, unit_id: int, period_id: int):
    term, unit, period = _report_args(request, term_id, unit_id, period_id)
    report = selectors.report_for(actor=request.user, term=term, unit=unit, period=period)
    if report is None:
        raise NotFound()
    return report


@router.put("/emulation/terms/{term_id}/units/{unit_id}/periods/{period_id}/report", response=ReportOut)
def save_report(request, term_id: int, unit_id: int, period_id: int, payload: ReportIn):
    term, unit, period = _report_args(request, term_id, unit_id, period_id)
    report = services.report_open(actor=request.user, term=term, unit=unit, period=period)
    narratives = {
        key: value
        for key in ("narrative_professional", "narrative_emulation", "narrative_force_building")
        if (value := getattr(payload, key)) is not None
    }
    services.report_save(
        actor=request.user,
        report=report,
        values={v.target_id: v.actual_value for v in payload.values},
        notes={v.target_id: v.note for v in payload.values},
        version=payload.version,
        **narratives,
    )
    return selectors.report_get(actor=request.user, report_id=report.pk)


@router.post("/emulation/reports/{report_id}/evidence", response={201: EvidenceOut})
def upload_evidence(
    request,
    report_id: int,
    file: File[UploadedFile],
    description: str = Form("", max_length=NAME, pattern=NO_NUL),  # noqa: B008
):
    report = selectors.report_get(actor=request.user, report_id=report_id)
    return Status(
        201,
        services.evidence_upload(actor=request.user, report=report, uploaded=file, description=description),
    )


@router.post("/emulation/reports/{report_id}/submit", response=ReportOut)
def submit_report(request, report_id: int):
    services.report_submit(
        actor=request.user, report=selectors.report_get(actor=request.user, report_id=report_id)
    )
    return selectors.report_get(actor=request.user, report_id=report_id)


@router.post("/emulation/reports/{report_id}/approve", response=ReportOut)
def approve_report(request, report_id: int):
    services.report_approve(
        actor=request.user, report=selectors.report_get(actor=request.user, report_id=report_id)
    )
    return selectors.report_get(actor=request.user, report_id=report_id)


@router.post("/emulation/reports/{report_id}/accept", response=ReportOut)
def accept_report(request, report_id: int):
    services.report_accept(
        actor=request.user, report=selectors.report_get(actor=request.user, report_id=report_id)
    )
    return selectors.report_get(actor=request.user, report_id=report_id)


@router.post("/emulation/reports/{report_id}/return", response=ReportOut)
def return_report(request, report_id: int, payload: ReasonIn):
    report = selectors.report_get(actor=request.user, report_id=report_id)
    services.report_return(actor=request.user, report=report, reason=payload.reason)
    return selectors.report_get(actor=request.user, report_id=report_id)


# -- progress ------------------------------------------------------------------------------------


@router.get("/emulation/terms/{term_id}/progress", response=TermProgressOut)
def get_progress(request, term_id: int, period_id: Id):
    term = selectors.term_get(actor=request.user, term_id=term_id)
    period = selectors.period_get(term=term, period_id=period_id)
    progress = selectors.term_progress(actor=request.user, term=term, period=period)
    return {
        "term_id": term.pk,
        "period": period,
        "total": progress.total,
        "on_track": progress.on_track,
        "share": progress.share,
        "forecast_share": progress.forecast_share,
        "units": [
            {
                "unit": row.unit,
                "total": row.total,
                "reported": row.reported,
                "on_track": row.on_track,
                "share": row.share,
                "forecast_share": row.forecast_share,
                "targets": [
                    {
                        "target_id": t.target.pk,
                        "indicator": t.target.indicator,
                        "target_value": t.target.target_value,
                        "expected": t.expected,
                        "actual": t.actual,
                        "on_track": t.on_track,
                        "percent_of_year": t.percent_of_year,
                        "forecast": t.forecast,
                        "forecast_on_track": t.forecast_on_track,
                    }
                    for t in row.targets
                ],
            }
            for row in progress.units
        ],
    }


# -- models & initiatives ------------------------------------------------------------------------


@router.get("/emulation/initiatives", response=list[InitiativeOut])
def list_initiatives(
    request,
    q: Search = "",
    year: Year | None = None,
    kind: Search = "",
    limit: int = Query(200, ge=1, le=1000),
    offset: Offset = 0,
):
    return selectors.initiative_list(actor=request.user, query=q, year=year, kind=kind)[
        offset : offset + limit
    ]


@router.post("/emulation/initiatives", response={201: InitiativeOut})
def create_initiative(request, payload: InitiativeIn):
    data = payload.model_dump()
    unit = access.units_in_scope(request.user, Action.EDIT).filter(pk=data.pop("unit_id")).first()
    if unit is None:
        raise NotFound()
    replicated = list(Unit.objects.filter(pk__in=data.pop("replicated_to_ids")))
    initiative = services.initiative_create(actor=request.user, unit=unit, replicated_to=replicated, **data)
    return Status(201, selectors.initiative_get(actor=request.user, initiative_id=initiative.pk))


# -- results the papers count (16.7) --------------------------------------------------------------------


@router.get("/emulation/terms/{term_id}/results", response=list[TermResultOut])
def list_term_results(request, term_id: int):
    """The cluster's own figures first (`unit` null), then each member's."""
    term = selectors.term_get(actor=request.user, term_id=term_id)
    results = selectors.term_results(term=term)
    return [*results["cluster"], *results["units"]]


@router.post("/emulation/terms/{term_id}/results", response={201: TermResultOut})
def record_term_result(request, term_id: int, payload: TermResultIn):
    term = selectors.term_get(actor=request.user, term_id=term_id)
    data = payload.model_dump()
    unit_id = data.pop("unit_id")
    unit = None if unit_id is None else _member(term, unit_id)
    return Status(201, services.term_result_record(actor=request.user, term=term, unit=unit, **data))


@router.delete("/emulation/results/{result_id}", response={204: None})
def delete_term_result(request, result_id: int):
    result = selectors.term_result_get(actor=request.user, result_id=result_id)
    services.term_result_delete(actor=request.user, result=result)
    return Status(204, None)
