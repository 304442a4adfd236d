"""R27: a unit receives at most N collective emulation titles per level per year (DOMAIN.md §7, an
UNVERIFIED assumption, so configurable: settings.THIDUA_TITLES_PER_LEVEL_PER_YEAR). A unit may be a
candidate for several titles; what is limited is what it receives — checked against the titles it already
holds when it is proposed (candidate_add) and against those plus the decision's own when a decision is
registered (decision_register, with the units' rows locked so two concurrent decisions cannot both pass)."""

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings

from thidua.organisation.models import Unit

from ..errors import TitleLimitReached
from ..models import AuthorityLevel, AwardCategory, AwardRecord, AwardType, RecipientKind


def limit_for(*, level: str) -> int:
    config = getattr(settings, "THIDUA_TITLES_PER_LEVEL_PER_YEAR", {"default": 1, "ministry": 2})
    return int(config.get(level, config.get("default", 1)) or 0)


def is_limited(*, award_type: AwardType) -> bool:
    return (
        award_type.category == AwardCategory.TITLE
        and award_type.recipient_kind == RecipientKind.COLLECTIVE
        and limit_for(level=award_type.level) > 0
    )


def _held(unit_ids: Iterable[int], year: int) -> dict[tuple[int, str], dict[int, str]]:
    """(unit, level) → {award type id: name} of the collective titles held (not revoked) in `year`."""
    held: dict[tuple[int, str], dict[int, str]] = defaultdict(dict)
    for unit_id, type_id, name, level in AwardRecord.objects.filter(
        unit_id__in=list(unit_ids),
        year=year,
        person__isnull=True,
        revoked_on__isnull=True,
        award_type__category=AwardCategory.TITLE,
        award_type__recipient_kind=RecipientKind.COLLECTIVE,
    ).values_list("unit_id", "award_type_id", "award_type__name", "award_type__level"):
        held[(unit_id, level)][type_id] = name
    return held


def _refuse(unit: Unit, award_type: AwardType, year: int, names: Iterable[str]) -> None:
    raise TitleLimitReached(
        field="award_type",
        unit=unit.name,
        held="”, “".join(sorted(names)),
        year=year,
        limit=limit_for(level=award_type.level),
        level=AuthorityLevel(award_type.level).label.lower(),
        award=award_type.name,
    )


def check_can_receive(*, unit: Unit, award_type: AwardType, year: int) -> None:
    """At proposal: refuse a title of a level whose limit the unit's titles of the year already fill."""
    if not is_limited(award_type=award_type):
        return
    held = _held([unit.pk], year)[(unit.pk, award_type.level)]
    held.pop(award_type.pk, None)  # the same title again is R12's / the record uniqueness' concern
    if len(held) >= limit_for(level=award_type.level):
        _refuse(unit, award_type, year, held.values())


def check_decision(*, awards: Iterable[tuple[Unit, AwardType, int]]) -> None:
    """At decision: the titles held plus this decision's, per unit × level × year, within the limit."""
    awards = [
        (unit, award_type, year) for unit, award_type, year in awards if is_limited(award_type=award_type)
    ]
    if not awards:
        return
    unit_ids = sorted({unit.pk for unit, _type, _year in awards})
    list(Unit.objects.select_for_update().filter(pk__in=unit_ids).order_by("pk").values_list("pk"))
    held_by_year = {year: _held(unit_ids, year) for year in {year for _u, _t, year in awards}}
    for unit, award_type, year in awards:
        titles = held_by_year[year][(unit.pk, award_type.level)]
        others = {pk: name for pk, name in titles.items() if pk != award_type.pk}
        if len(others) >= limit_for(level=award_type.level):
            _refuse(unit, award_type, year, others.values())
        titles[award_type.pk] = award_type.name
