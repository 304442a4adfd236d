"""The leaderboard: one query ranking a period's sheets by RANK() over the tie-break chain, then ties and bands."""

from __future__ import annotations

from decimal import Decimal
from operator import itemgetter
from typing import Any, NamedTuple

from django.db.models import (
    DecimalField,
    F,
    OuterRef,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, Rank

from thidua.accounts.models import User
from thidua.emulation.models import EmulationPeriod
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterTerm

from .. import rules, services
from ..models import (
    ScoreLine,
    ScoreSheet,
)

# -- leaderboard ---------------------------------------------------------------------------------


class LeaderRow(NamedTuple):
    """One leaderboard line (a tuple: 700 of them are built per request)."""

    sheet_id: int
    unit_id: int
    unit_name: str
    unit_short_name: str
    criteria_total: Decimal
    self_total: Decimal
    bonus: Decimal
    penalty: Decimal
    penalty_count: int
    total: Decimal
    serious_violation: bool
    status: str
    rank: int
    tied: bool
    tied_with: list[str]
    decided_by: str | None
    decided_by_label: str | None
    band: str
    band_label: str
    band_by_points: str
    capped_by: list[str]
    group_points: dict[int, Decimal]


LEADER_FIELDS = (
    "pk",
    "unit_id",
    "unit__name",
    "unit__short_name",
    "criteria_total",
    "self_total",
    "bonus_points",
    "penalty_points",
    "penalty_count",
    "total",
    "serious_violation",
    "status",
)
_POINTS_FIELD = DecimalField(max_digits=10, decimal_places=2)


def _chain_sql(chain: list[str]) -> tuple[dict[str, Any], list[Any]]:
    """Annotations and ORDER BY of the tie-break chain (same semantics as `rules.rank`)."""
    annotations: dict[str, Any] = {}
    order: list[Any] = [F("total").desc()]
    for key in chain:
        if key.startswith("group:"):
            number = int(key.split(":", 1)[1])
            name = f"group_{number}"
            group_sum = (
                ScoreLine.objects.filter(sheet=OuterRef("pk"), group_number=number)
                .order_by()
                .values("sheet")
                .annotate(points=Sum("points"))
                .values("points")
            )
            annotations[name] = Coalesce(Subquery(group_sum), Value(Decimal("0")), output_field=_POINTS_FIELD)
            order.append(F(name).desc())
        elif key == rules.TieBreak.FEWER_PENALTY_POINTS:
            order.append(F("penalty_points").asc())
        elif key == rules.TieBreak.FEWER_PENALTIES:
            order.append(F("penalty_count").asc())
        elif key == rules.TieBreak.MORE_BONUS:
            order.append(F("bonus_points").desc())
        elif key == rules.TieBreak.NO_SERIOUS_VIOLATION:
            order.append(F("serious_violation").asc())
    return annotations, order


def _chain_fields(keys: list[str]) -> list[str]:
    """The row field compared for each key of ["total", *chain] (to find which key separated two units)."""
    fields = {
        "total": "total",
        rules.TieBreak.FEWER_PENALTY_POINTS: "penalty_points",
        rules.TieBreak.FEWER_PENALTIES: "penalty_count",
        rules.TieBreak.MORE_BONUS: "bonus_points",
        rules.TieBreak.NO_SERIOUS_VIOLATION: "serious_violation",
    }
    return [f"group_{int(key.split(':', 1)[1])}" if key.startswith("group:") else fields[key] for key in keys]


def _leader_rows(
    chain: list[str], *, term_id: int, period_id: int
) -> tuple[list[str], list[str], list[tuple]]:
    """The period's sheets with the group sums the chain needs, ranked by RANK() over the chain:
    one plain parameterised query (the term and period ids are its parameters)."""
    annotations, order = _chain_sql(chain)
    fields = [*LEADER_FIELDS, *annotations, "position"]
    rows = list(
        ScoreSheet.objects.filter(term_id=term_id, period_id=period_id)
        .annotate(**annotations)
        .annotate(position=Window(Rank(), order_by=order))
        .order_by("position", "unit_id")
        .values_list(*fields)
    )
    return fields, list(annotations), rows


def leaderboard(*, actor: User, term: ClusterTerm, period: EmulationPeriod) -> list[LeaderRow]:
    """Rank, tie information and classification of every unit of the term in the period.

    One query whatever the number of units: the sheets' denormalised totals with the group sums the
    tie-break chain needs, ranked in SQL by RANK() over the chain (`rules.rank` is the reference:
    a test checks both agree). Units in a true tie are listed by folded name.
    """
    access.require_term(actor, Action.VIEW_CLUSTER, term)
    config = services.config_for(owner=term.cluster.owner)
    chain = config.chain
    fields, annotations, rows = _leader_rows(chain, term_id=term.pk, period_id=period.pk)
    at = {name: index for index, name in enumerate(fields)}
    (
        pk,
        unit_id,
        name,
        short_name,
        criteria,
        self_total,
        bonus,
        penalty,
        penalty_count,
        total,
        serious_flag,
    ) = (at[f] for f in LEADER_FIELDS[:11])
    status, position_at = at["status"], at["position"]
    keys = ["total", *chain]
    vector = itemgetter(*(at[f] for f in _chain_fields(keys)))
    group_at = [(int(field[6:]), at[field]) for field in annotations]
    thresholds, flag_caps = config.thresholds, config.flag_caps
    classified: dict[tuple[Decimal, bool], tuple[str, str, str, list[str]]] = {}
    band_labels = {band: str(label) for band, label in rules.BAND_LABELS.items()}
    flag_labels = {flag: str(label) for flag, label in rules.FLAG_LABELS.items()}
    behind = {key: rules.behind_label(key) for key in keys}
    serious = [rules.Flag.SERIOUS_VIOLATION]
    result: list[LeaderRow] = []
    index, count = 0, len(rows)
    previous: tuple | None = None
    while index < count:
        end = index + 1
        while end < count and rows[end][position_at] == rows[index][position_at]:
            end += 1
        group = rows[index:end]
        tied = len(group) > 1
        if tied:
            group.sort(key=lambda row: (rules.sort_name(row[name]), row[name], row[unit_id]))
        first = vector(group[0])
        decided_by = None
        if previous is not None:  # the first key of the chain that separates this group from the one above
            for key_name, above, here in zip(keys, previous, first, strict=True):
                if above != here:
                    decided_by = key_name
                    break
        for place, row in enumerate(group):
            key = (row[total], row[serious_flag])
            band = classified.get(key)
            if band is None:
                classification = rules.classify(
                    key[0], flags=serious if key[1] else (), thresholds=thresholds, flag_caps=flag_caps
                )
                band = classified[key] = (
                    classification.band.value,
                    band_labels[classification.band],
                    classification.by_points.value,
                    [flag_labels[f] for f in classification.capped_by],
                )
            decided = decided_by if place == 0 else None
            result.append(
                LeaderRow(
                    row[pk],
                    row[unit_id],
                    row[name],
                    row[short_name] or row[name],
                    row[criteria],
                    row[self_total],
                    row[bonus],
                    row[penalty],
                    row[penalty_count],
                    row[total],
                    row[serious_flag],
                    row[status],
                    row[position_at],
                    tied,
                    [other[name] for other in group if other is not row] if tied else [],
                    decided,
                    behind[decided] if decided else None,
                    *band,
                    {number: row[i] for number, i in group_at},
                )
            )
        previous = first
        index = end
    return result
