"""Writes on people: records of persons, annual assessments and discipline (awards capability)."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.core.dates import KnownDate
from thidua.core.errors import ValidationFailed
from thidua.core.text import nfc
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


PERSON_TEXT = {"full_name": 150, "rank": 80, "position": 150}


def _person_fields(values: dict[str, Any]) -> dict[str, Any]:
    """Text trimmed and bounded, dates as far as known, checked against each other (Vietnamese 422)."""
    clean: dict[str, Any] = {}
    for name, limit in PERSON_TEXT.items():
        if name in values and values[name] is not None:
            text = nfc(str(values[name])).strip()
            if "\x00" in text or len(text) > limit:
                raise ValidationFailed(
                    _("Trường này tối đa {limit} ký tự, không chứa ký tự điều khiển."),
                    field=name,
                    limit=limit,
                )
            clean[name] = text
    if "full_name" in clean and not clean["full_name"]:
        raise ValidationFailed(_("Họ và tên không được để trống."), field="full_name")
    for name in ("birth_date", "service_start"):
        if name in values:
            value = values[name]
            try:
                clean[name] = KnownDate.of(value) if value is not None else None
            except ValueError as error:  # the parser's Vietnamese message
                raise ValidationFailed(str(error), field=name) from None
    today = timezone.localdate()
    for name, label in (("birth_date", _("Ngày sinh")), ("service_start", _("Ngày bắt đầu công tác"))):
        known = clean.get(name)
        if known is not None and known.start > today:
            raise ValidationFailed(_("{label} không thể ở tương lai."), field=name, label=label)
    return clean


def _check_dates(person: Person) -> None:
    birth, start = person.birth_known, person.service_start_known
    if birth is not None and start is not None and start.start.year - birth.start.year < 14:
        raise ValidationFailed(
            _("Ngày bắt đầu công tác phải sau ngày sinh ít nhất 14 năm."), field="service_start"
        )


@transaction.atomic
def person_create(
    *,
    actor: User,
    unit: Unit,
    full_name: str,
    rank: str = "",
    position: str = "",
    birth_date: KnownDate | datetime.date | str | None = None,  # a text is read by KnownDate.parse
    service_start: KnownDate | datetime.date | str | None = None,
) -> Person:
    """A person of a unit; date of birth and service start optional, stored as far as known."""
    access.require_manage_people(actor, unit)
    data = _person_fields(
        {
            "full_name": full_name,
            "rank": rank,
            "position": position,
            "birth_date": birth_date,
            "service_start": service_start,
        }
    )
    person = Person(unit=unit, full_name=data["full_name"], rank=data["rank"], position=data["position"])
    person.birth_known = data["birth_date"]
    person.service_start_known = data["service_start"]
    _check_dates(person)
    person.save()
    return person


PERSON_FIELDS = ("full_name", "rank", "position", "unit", "birth_date", "service_start")


@transaction.atomic
def person_update(*, actor: User, person: Person, **changes: Any) -> Person:
    """Change name, rank, position, unit or dates; the history table keeps every former value.

    A date given as None clears it (not known after all); a field left out keeps its value.
    """
    person = Person.objects.select_for_update(of=("self",)).select_related("unit").get(pk=person.pk)
    access.require_manage_people(actor, person.unit)
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("Không sửa được trường “{name}”."), field=sorted(unknown)[0], name=sorted(unknown)[0]
        )
    new_unit = changes.get("unit")
    if new_unit is not None:
        access.require_manage_people(actor, new_unit)
        person.unit = new_unit
    data = _person_fields(changes)
    for name in ("full_name", "rank", "position"):
        if name in data:
            setattr(person, name, data[name])
    if "birth_date" in data:
        person.birth_known = data["birth_date"]
    if "service_start" in data:
        person.service_start_known = data["service_start"]
    _check_dates(person)
    person.save()
    return person


@transaction.atomic
def assessment_set(
    *,
    actor: User,
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
    actor: User,
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
