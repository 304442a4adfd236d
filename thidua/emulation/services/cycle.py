"""Movements, emulation periods and the registry of models & initiatives."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.core.errors import ValidationFailed
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterTerm, Unit

from ..models import (
    EmulationPeriod,
    InitiativeKind,
    ModelInitiative,
    Movement,
    MovementKind,
    PeriodKind,
)

INITIATIVE_FIELDS = ("kind", "name", "year", "period", "movement", "description", "results")


@transaction.atomic
def movement_create(
    *,
    actor: User,
    owner: Unit,
    kind: str,
    name: str,
    start_date: datetime.date,
    end_date: datetime.date,
    slogan: str = "",
    description: str = "",
    reference: str = "",
    units: Iterable[Unit] = (),
    terms: Iterable[ClusterTerm] = (),
) -> Movement:
    """Launch a movement (the owner's emulation board): regular, special, peak campaign or project."""
    access.require(actor, Action.MANAGE_CLUSTERS, owner)
    if kind not in MovementKind.values:
        raise ValidationFailed(_("Loại phong trào không hợp lệ."), field="kind")
    if not name.strip():
        raise ValidationFailed(_("Tên phong trào không được để trống."), field="name")
    if end_date < start_date:
        raise ValidationFailed(_("Ngày kết thúc phải sau ngày bắt đầu."), field="end_date")
    units, terms = list(units), list(terms)
    for unit in units:
        if not unit.path.startswith(owner.path):
            raise ValidationFailed(
                _("Đơn vị “{unit}” không thuộc phạm vi cơ quan phát động."), field="unit_ids", unit=unit
            )
    for term in terms:
        if not term.cluster.owner.path.startswith(owner.path):
            raise ValidationFailed(
                _("Cụm “{term}” không thuộc phạm vi cơ quan phát động."), field="term_ids", term=term
            )
    movement = Movement.objects.create(
        owner=owner,
        kind=kind,
        name=name.strip(),
        slogan=slogan.strip(),
        start_date=start_date,
        end_date=end_date,
        description=description.strip(),
        reference=reference.strip(),
    )
    movement.units.set(units)
    movement.terms.set(terms)
    return movement


@transaction.atomic
def period_create(
    *,
    actor: User,
    owner: Unit,
    year: int,
    kind: str,
    start_date: datetime.date,
    end_date: datetime.date,
    default_deadline: datetime.date,
    number: int = 1,
) -> EmulationPeriod:
    access.require(actor, Action.MANAGE_CLUSTERS, owner)
    if kind not in PeriodKind.values:
        raise ValidationFailed(_("Loại kỳ báo cáo không hợp lệ."), field="kind")
    if kind == PeriodKind.QUARTER and not 1 <= number <= 4:
        raise ValidationFailed(_("Quý phải từ 1 đến 4."), field="number")
    if kind != PeriodKind.QUARTER:
        number = 1
    if end_date < start_date:
        raise ValidationFailed(_("Ngày kết thúc phải sau ngày bắt đầu."), field="end_date")
    if default_deadline < start_date:
        raise ValidationFailed(_("Hạn báo cáo phải sau ngày bắt đầu kỳ."), field="default_deadline")
    if EmulationPeriod.objects.filter(owner=owner, year=year, kind=kind, number=number).exists():
        raise ValidationFailed(_("Kỳ báo cáo này đã có."), field="kind")
    return EmulationPeriod.objects.create(
        owner=owner,
        year=year,
        kind=kind,
        number=number,
        start_date=start_date,
        end_date=end_date,
        default_deadline=default_deadline,
    )


def _year_end(year: int, month: int) -> datetime.date:
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def standard_period_plan(*, year: int, deadline_days: int = 10) -> list[dict[str, Any]]:
    """Q1–Q4, the 6-month and the year-end review of a year, with their default dates (editable)."""
    plan: list[tuple[str, int, int]] = [(PeriodKind.QUARTER, n, 3 * n) for n in range(1, 5)]
    plan += [(PeriodKind.HALF_YEAR, 1, 6), (PeriodKind.YEAR, 1, 12)]
    rows = []
    for kind, number, month in plan:
        end = _year_end(year, month)
        start = datetime.date(year, month - 2, 1) if kind == PeriodKind.QUARTER else datetime.date(year, 1, 1)
        # the year-end review happens before 31/12 (conferences in November): deadline 15/11
        deadline = (
            datetime.date(year, 11, 15)
            if kind == PeriodKind.YEAR
            else end + datetime.timedelta(days=deadline_days)
        )
        rows.append(
            {
                "kind": kind,
                "number": number,
                "start_date": start,
                "end_date": end,
                "default_deadline": deadline,
            }
        )
    return rows


@transaction.atomic
def periods_create_standard(
    *, actor: User, owner: Unit, year: int, deadline_days: int = 10
) -> list[EmulationPeriod]:
    """Q1–Q4, the 6-month and the year-end review; deadlines `deadline_days` after each period ends."""
    access.require(actor, Action.MANAGE_CLUSTERS, owner)
    periods = []
    for row in standard_period_plan(year=year, deadline_days=deadline_days):
        period, _created = EmulationPeriod.objects.get_or_create(
            owner=owner,
            year=year,
            kind=row["kind"],
            number=row["number"],
            defaults={key: row[key] for key in ("start_date", "end_date", "default_deadline")},
        )
        periods.append(period)
    return periods


@transaction.atomic
def periods_create_plan(
    *, actor: User, owner: Unit, year: int, rows: Iterable[dict[str, Any]]
) -> list[EmulationPeriod]:
    """The periods of a year as the board edited them in the new-year wizard: all or none; a period the
    owner already has for that year is kept as it is."""
    access.require(actor, Action.MANAGE_CLUSTERS, owner)
    created = []
    for row in rows:
        if EmulationPeriod.objects.filter(
            owner=owner, year=year, kind=row["kind"], number=row["number"]
        ).exists():
            continue
        for day in ("start_date", "end_date"):
            if row[day].year != year:
                raise ValidationFailed(
                    _("Ngày của kỳ báo cáo phải thuộc năm {year}."),
                    field=f"{row['kind']}_{row['number']}",
                    year=year,
                )
        created.append(period_create(actor=actor, owner=owner, year=year, **row))
    return created


def _clean_initiative(fields: dict[str, Any]) -> dict[str, Any]:
    if "kind" in fields and fields["kind"] not in InitiativeKind.values:
        raise ValidationFailed(_("Loại không hợp lệ."), field="kind")
    if "name" in fields:
        fields["name"] = (fields["name"] or "").strip()
        if not fields["name"]:
            raise ValidationFailed(_("Tên không được để trống."), field="name")
    for text in ("description", "results"):
        if text in fields:
            fields[text] = (fields[text] or "").strip()
    return fields


@transaction.atomic
def initiative_create(
    *,
    actor: User,
    unit: Unit,
    kind: str,
    name: str,
    year: int,
    description: str = "",
    results: str = "",
    period: EmulationPeriod | None = None,
    movement: Movement | None = None,
    replicated_to: Iterable[Unit] = (),
) -> ModelInitiative:
    access.require(actor, Action.EDIT, unit)
    fields = _clean_initiative({"kind": kind, "name": name, "description": description, "results": results})
    initiative = ModelInitiative.objects.create(
        unit=unit,
        year=year,
        period=period,
        movement=movement,
        created_by=actor if getattr(actor, "pk", None) else None,
        **fields,
    )
    initiative.replicated_to.set([u for u in replicated_to if u.pk != unit.pk])
    return initiative


@transaction.atomic
def initiative_update(
    *, actor: User, initiative: ModelInitiative, replicated_to: Iterable[Unit] | None = None, **changes: Any
) -> ModelInitiative:
    access.require(actor, Action.EDIT, initiative.unit)
    unknown = set(changes) - set(INITIATIVE_FIELDS)
    if unknown:
        raise ValidationFailed(_("Trường không được phép sửa: {fields}"), fields=", ".join(sorted(unknown)))
    for field, value in _clean_initiative(changes).items():
        setattr(initiative, field, value)
    initiative.save()
    if replicated_to is not None:
        initiative.replicated_to.set([u for u in replicated_to if u.pk != initiative.unit_id])
    return initiative
