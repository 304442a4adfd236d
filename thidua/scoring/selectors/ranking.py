"""The leaderboard: one query ranking a period's sheets by RANK() over the tie-break chain, then ties and bands."""

from __future__ import annotations

from collections.abc import Callable
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
    ScoringConfig,
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
    fields = [*LEADER_FIELDS, "position", *annotations]  # LeaderRow's first 13 fields first
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

    One query whatever the number of units (after the owner's configuration): the sheets' denormalised
    totals with the group sums the tie-break chain needs, ranked in SQL by RANK() over the chain
    (`rules.rank` is the reference: a test checks both agree). Units in a true tie are listed by folded
    name.
    """
    access.require_term(actor, Action.VIEW_CLUSTER, term)
    config = services.config_for(owner=term.cluster.owner)
    fields, annotations, rows = _leader_rows(config.chain, term_id=term.pk, period_id=period.pk)
    return _LeaderBuilder(config, fields, annotations).rows(rows)


def _group_points(group_at: list[tuple[int, int]]) -> Callable[[tuple], dict[int, Decimal]]:
    """{group number: points} of a row (one group in the default chain: a dict literal)."""
    if len(group_at) == 1:
        ((number, at),) = group_at

        def one(row: tuple) -> dict[int, Decimal]:
            return {number: row[at]}

        return one

    def every(row: tuple) -> dict[int, Decimal]:
        return {number: row[at] for number, at in group_at}

    return every


class _LeaderBuilder:
    """Turns the ranked sheet rows into leaderboard lines: ties, the chain key that placed each group,
    classification (cached per total and flag: 700 units share a few dozen totals)."""

    def __init__(self, config: ScoringConfig, fields: list[str], annotations: list[str]) -> None:
        at = {name: index for index, name in enumerate(fields)}
        self.at = at
        self.keys = ["total", *config.chain]
        self.vector = itemgetter(*(at[f] for f in _chain_fields(self.keys)))
        self.group_at = [(int(field[6:]), at[field]) for field in annotations]
        self.thresholds, self.flag_caps = config.thresholds, config.flag_caps
        self.classified: dict[tuple[Decimal, bool], tuple[str, str, str, list[str]]] = {}
        self.band_labels = {band: str(label) for band, label in rules.BAND_LABELS.items()}
        self.flag_labels = {flag: str(label) for flag, label in rules.FLAG_LABELS.items()}
        self.behind = {key: rules.behind_label(key) for key in self.keys}
        leading = [*LEADER_FIELDS, "position"]  # each row starts with the first 13 fields of its LeaderRow
        assert fields[: len(leading)] == leading
        self.group_points = _group_points(self.group_at)

    def rows(self, rows: list[tuple]) -> list[LeaderRow]:
        """Rows of equal RANK() form a group; a true tie is listed by folded name."""
        position_at, name, unit_id = self.at["position"], self.at["unit__name"], self.at["unit_id"]
        result: list[LeaderRow] = []
        index, count = 0, len(rows)
        previous: tuple | None = None
        while index < count:
            end = index + 1
            while end < count and rows[end][position_at] == rows[index][position_at]:
                end += 1
            group = rows[index:end]
            if len(group) > 1:
                group.sort(key=lambda row: (rules.sort_name(row[name]), row[name], row[unit_id]))
            first = self.vector(group[0])
            result += self._group(group, self._decided_by(previous, first))
            previous = first
            index = end
        return result

    def _decided_by(self, previous: tuple | None, first: tuple) -> str | None:
        """The first key of the chain that separates this group from the one above."""
        if previous is not None:
            for key_name, above, here in zip(self.keys, previous, first, strict=True):
                if above != here:
                    return key_name
        return None

    def _band(self, total: Decimal, serious: bool) -> tuple[str, str, str, list[str]]:
        band = self.classified.get((total, serious))
        if band is None:
            classification = rules.classify(
                total,
                flags=(rules.Flag.SERIOUS_VIOLATION,) if serious else (),
                thresholds=self.thresholds,
                flag_caps=self.flag_caps,
            )
            band = self.classified[(total, serious)] = (
                classification.band.value,
                self.band_labels[classification.band],
                classification.by_points.value,
                [self.flag_labels[f] for f in classification.capped_by],
            )
        return band

    def _group(self, group: list[tuple], decided_by: str | None) -> list[LeaderRow]:
        """The lines of one group of equal rank: each row's first 13 columns are the line's first fields
        (the short name falls back to the name), then ties, the deciding key, the band, group sums."""
        make, classified, band, group_points = LeaderRow._make, self.classified, self._band, self.group_points
        tied = len(group) > 1
        label = self.behind[decided_by] if decided_by else None
        lines = []
        for place, row in enumerate(group):
            total, serious = row[9], row[10]
            tied_with = [other[2] for other in group if other is not row] if tied else []
            lines.append(
                make(
                    row[:3]
                    + (row[3] or row[2],)
                    + row[4:13]
                    + ((tied, tied_with, decided_by, label) if place == 0 else (tied, tied_with, None, None))
                    + (classified.get((total, serious)) or band(total, serious))
                    + (group_points(row),)
                )
            )
        return lines
