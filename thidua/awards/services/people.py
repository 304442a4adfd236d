"""Writes on people: records of persons, annual assessments and discipline (awards capability)."""

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thidua.core.errors import ValidationFailed
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import Unit

from ..models import (
    AnnualAssessment,
    DisciplineRecord,
    Person,
)

# -- permissions on a batch ------------------------------------------------------------------------

# -- people ----------------------------------------------------------------------------------------


@transaction.atomic
def person_create(
    *, actor, unit: Unit, full_name: str, rank: str = "", position: str = "", birth_year: int | None = None
) -> Person:
    access.require(actor, Action.EDIT, unit)
    if not full_name.strip():
        raise ValidationFailed(_("Họ và tên không được để trống."), field="full_name")
    return Person.objects.create(
        unit=unit,
        full_name=full_name.strip(),
        rank=rank.strip(),
        position=position.strip(),
        birth_year=birth_year,
    )


@transaction.atomic
def person_update(*, actor, person: Person, **changes: Any) -> Person:
    """Change rank, position or unit; the history table keeps every former value."""
    access.require(actor, Action.EDIT, person.unit)
    new_unit = changes.get("unit")
    if new_unit is not None:
        access.require(actor, Action.EDIT, new_unit)
    for name in ("full_name", "rank", "position", "unit", "birth_year"):
        if name in changes:
            setattr(person, name, changes[name])
    person.save()
    return person


@transaction.atomic
def assessment_set(
    *,
    actor,
    person: Person,
    year: int,
    rating: str,
    initiative: str = "",
    research: str = "",
    combat_ingenuity: bool = False,
) -> AnnualAssessment:
    access.require(actor, Action.EDIT, person.unit)
    assessment, _created = AnnualAssessment.objects.update_or_create(
        person=person,
        year=year,
        defaults={
            "unit": person.unit,
            "rating": rating,
            "initiative": initiative,
            "research": research,
            "combat_ingenuity": combat_ingenuity,
        },
    )
    return assessment


@transaction.atomic
def discipline_add(
    *,
    actor,
    unit: Unit,
    person: Person | None,
    effective_from: datetime.date,
    level: int | None = None,
    effective_to: datetime.date | None = None,
    pending_review: bool = False,
    reason: str = "",
) -> DisciplineRecord:
    access.require(actor, Action.EDIT, unit)
    if level is None and not pending_review:
        raise ValidationFailed(_("Cần chọn hình thức kỷ luật hoặc đánh dấu đang chờ xem xét."), field="level")
    return DisciplineRecord.objects.create(
        unit=unit,
        person=person,
        level=level,
        effective_from=effective_from,
        effective_to=effective_to,
        pending_review=pending_review,
        reason=reason,
    )
