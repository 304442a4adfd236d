"""Reads for scoring, scoped through organisation.access and eager-loaded (no N+1).

- `leaderboard(*, actor, term, period)`: ranked rows, live from the owner's configuration
- `unit_history(*, actor, unit)`: the unit's totals, ranks and bands across periods and years
- `cluster_comparison(*, actor, owner, year)`: the owner's clusters side by side (board view)
- `explain_line` / `explain_sheet`: every number with the steps that produced it
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple, TypedDict

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, Rank
from django.utils.translation import gettext as _

from thidua.accounts.models import User
from thidua.core.errors import NotFound
from thidua.emulation.models import BonusPenaltyRule, EmulationPeriod, PeriodReport, ReportValue
from thidua.emulation.selectors import period_get, term_period_queryset
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterMembership, ClusterTerm, Unit
from thidua.organisation.selectors import term_get, unit_get

from . import rules, services
from .models import (
    Adjustment,
    CrossInspection,
    CrossInspectionRecord,
    LineSource,
    PeriodLock,
    ScoreLine,
    ScoreSheet,
    ScoringConfig,
    SheetComment,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

# term_get, unit_get and period_get are the organisation/emulation selectors (fetch-and-check once)
__all__ = ["period_get", "term_get", "unit_get"]

# -- terms and periods ---------------------------------------------------------------------------


def term_periods(*, term: ClusterTerm) -> list[dict[str, Any]]:
    """The term's periods with their number of sheets and lock state (three queries)."""
    periods = list(term_period_queryset(term))
    counts = dict(
        ScoreSheet.objects.filter(term=term)
        .values("period_id")
        .annotate(n=Count("pk"))
        .values_list("period_id", "n")
    )
    locked = set(
        PeriodLock.objects.filter(term=term, reopened_at__isnull=True).values_list("period_id", flat=True)
    )
    return [{"period": p, "sheets": counts.get(p.pk, 0), "locked": p.pk in locked} for p in periods]


def term_members(*, term: ClusterTerm) -> QuerySet[Unit]:
    return Unit.objects.filter(cluster_memberships__term=term).order_by("name")


def sheet_list(*, actor: User, term: ClusterTerm, period: EmulationPeriod) -> QuerySet[ScoreSheet]:
    access.require_term(actor, Action.VIEW_CLUSTER, term)
    return ScoreSheet.objects.filter(term=term, period=period).order_by("rank", "unit__name")


def owner_get(*, owner_id: int) -> Unit:
    """An authority whose scoring configuration is read or changed (the services check the rights)."""
    owner = Unit.objects.filter(pk=owner_id).first()
    if owner is None:
        raise NotFound()
    return owner


def scoped_owner_get(*, actor: User, owner_id: int, action: Action) -> Unit:
    """Fetch and check once: an authority on which the actor may `action` (else NotFound)."""
    owner = owner_get(owner_id=owner_id)
    if not access.can(actor, action, owner):
        raise NotFound()
    return owner


def sheet_permissions(*, actor: User, sheet: ScoreSheet) -> dict[str, bool]:
    """What the actor may do on the sheet's page (the policy's ScoreSheet rules)."""
    return {
        "can_self": access.can_object(actor, "self_score", sheet),
        "can_assess": access.can_object(actor, "assess", sheet),
        "own_unit_manager": access.can_object(actor, "manage_own_unit", sheet),
        "can_comment": access.can_object(actor, "comment", sheet),
    }


def inspection_can_record(*, actor: User, inspection: CrossInspection) -> bool:
    return access.can_object(actor, "record", inspection)


def units_by_id(*, ids: list[int]) -> dict[int, Unit]:
    return {unit.pk: unit for unit in Unit.objects.filter(pk__in=ids)}


def rule_get(*, rule_id: int) -> BonusPenaltyRule:
    rule = BonusPenaltyRule.objects.select_related("covenant").filter(pk=rule_id).first()
    if rule is None:
        raise NotFound()
    return rule


def active_lock(*, term: ClusterTerm, period: EmulationPeriod) -> PeriodLock | None:
    return (
        PeriodLock.objects.filter(term=term, period=period, reopened_at__isnull=True)
        .select_related("locked_by")
        .first()
    )


def lock_history(*, term: ClusterTerm, period: EmulationPeriod) -> QuerySet[PeriodLock]:
    return PeriodLock.objects.filter(term=term, period=period).select_related("locked_by", "reopened_by")


def config_for(owner: Unit) -> ScoringConfig:
    return services.config_for(owner=owner)


def scoring_terms(*, actor: User) -> QuerySet[ClusterTerm]:
    return (
        ClusterTerm.objects.filter(pk__in=access.terms_in_scope(actor).values("pk"))
        .select_related("cluster__owner", "leader")
        .annotate(sheet_count=Count("score_sheets"))
        .order_by("-year", "cluster__level", "cluster__number")
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


# -- sheets --------------------------------------------------------------------------------------


def _sheet_queryset() -> QuerySet[ScoreSheet]:
    return ScoreSheet.objects.select_related(
        "term__cluster__owner",
        "term__leader",
        "term__deputy",
        "period",
        "unit",
        "self_submitted_by",
        "assessed_by",
    )


def sheet_get(*, actor: User, sheet_id: int) -> ScoreSheet:
    """A sheet is visible to whoever may view the cluster term (members see each other's scores)."""
    sheet = _sheet_queryset().filter(pk=sheet_id).first()
    if sheet is None or not access.can_term(actor, Action.VIEW_CLUSTER, sheet.term):
        raise NotFound()
    return sheet


def sheet_for(*, actor: User, term: ClusterTerm, period: EmulationPeriod, unit_id: int) -> ScoreSheet:
    sheet = _sheet_queryset().filter(term=term, period=period, unit_id=unit_id).first()
    if sheet is None or not access.can_term(actor, Action.VIEW_CLUSTER, sheet.term):
        raise NotFound()
    return sheet


def sheet_lines(*, sheet: ScoreSheet) -> QuerySet[ScoreLine]:
    return (
        ScoreLine.objects.filter(sheet=sheet)
        .select_related("criterion__group", "self_by", "assessed_by", "proposed_by_unit")
        .order_by("group_number", "criterion__order", "criterion_id")
    )


def line_get(*, actor: User, line_id: int) -> ScoreLine:
    line = (
        ScoreLine.objects.select_related(
            "sheet__term__cluster__owner",
            "sheet__term__leader",
            "sheet__term__deputy",
            "sheet__period",
            "sheet__unit",
            "criterion__group",
            "self_by",
            "assessed_by",
            "proposed_by_unit",
        )
        .filter(pk=line_id)
        .first()
    )
    if line is None or not access.can_term(actor, Action.VIEW_CLUSTER, line.sheet.term):
        raise NotFound()
    return line


def sheet_adjustments(*, sheet: ScoreSheet) -> QuerySet[Adjustment]:
    return sheet.adjustments.select_related("rule", "created_by").order_by("kind", "created_at", "pk")


def sheet_comments(*, sheet: ScoreSheet) -> QuerySet[SheetComment]:
    return sheet.comments.select_related("author", "line__criterion").order_by("created_at", "pk")


def adjustment_get(*, actor: User, adjustment_id: int) -> Adjustment:
    adjustment = (
        Adjustment.objects.select_related(
            "sheet__term__cluster__owner", "sheet__term__leader", "sheet__period"
        )
        .filter(pk=adjustment_id)
        .first()
    )
    if adjustment is None or not access.can_term(actor, Action.VIEW_CLUSTER, adjustment.sheet.term):
        raise NotFound()
    return adjustment


def differences(*, term: ClusterTerm, period: EmulationPeriod) -> QuerySet[ScoreLine]:
    """Lines where the cluster's assessment differs from the unit's self score (reconciliation list)."""
    return (
        ScoreLine.objects.filter(sheet__term=term, sheet__period=period, assessed_points__isnull=False)
        .exclude(self_points__isnull=True)
        .exclude(assessed_points=F("self_points"))
        .select_related("criterion", "sheet__unit", "assessed_by")
        .order_by("sheet__unit__name", "group_number", "criterion__order")
    )


def cross_inspections(*, term: ClusterTerm, period: EmulationPeriod) -> QuerySet[CrossInspection]:
    return (
        CrossInspection.objects.filter(term=term, period=period)
        .select_related("inspecting_unit", "inspected_unit", "record", "record__recorded_by")
        .order_by("inspected_unit__name")
    )


def cross_inspection_get(*, actor: User, inspection_id: int) -> CrossInspection:
    inspection = (
        CrossInspection.objects.select_related(
            "term__cluster__owner", "term__leader", "period", "inspecting_unit", "inspected_unit"
        )
        .filter(pk=inspection_id)
        .first()
    )
    if inspection is None or not access.can_term(actor, Action.VIEW_CLUSTER, inspection.term):
        raise NotFound()
    return inspection


def inspection_record(*, inspection: CrossInspection) -> CrossInspectionRecord | None:
    return CrossInspectionRecord.objects.filter(inspection=inspection).select_related("recorded_by").first()


def inspected_sheet(*, inspection: CrossInspection) -> ScoreSheet | None:
    return ScoreSheet.objects.filter(
        term_id=inspection.term_id, period_id=inspection.period_id, unit_id=inspection.inspected_unit_id
    ).first()


# -- explanations --------------------------------------------------------------------------------


@dataclass
class Step:
    kind: str  # criterion / target / formula / self / proposal / assessment / final / adjustment / cap / …
    title: str
    detail: str = ""
    points: Decimal | None = None
    who: str = ""
    when: str = ""
    link: dict[str, Any] = field(default_factory=dict)


@dataclass
class Explanation:
    subject: str
    value: Decimal
    steps: list[Step]


def _who(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def explain_line(*, actor: User, line_id: int) -> Explanation:
    """Why a criterion has its points: targets, report values, formula, self/cross/cluster scores."""
    line = line_get(actor=actor, line_id=line_id)
    criterion = line.criterion
    steps = [
        Step(
            "criterion",
            _("Tiêu chí %(code)s (nội dung %(group)s)")
            % {"code": criterion.code, "group": criterion.group.code},
            f"{criterion.title} — {criterion.get_method_display()}",
            points=line.max_points,
        )
    ]
    detail = line.auto_detail or {}
    report_id = detail.get("report_id")
    report = (
        PeriodReport.objects.filter(pk=report_id).select_related("accepted_by").first() if report_id else None
    )
    if report is not None:
        steps.append(
            Step(
                "report",
                _("Báo cáo %(period)s (trạng thái: %(status)s)")
                % {"period": line.sheet.period.label, "status": report.get_status_display()},
                who=_who(report.accepted_by),
                when=report.accepted_at.strftime("%d/%m/%Y") if report.accepted_at else "",
                link={"report_id": report.pk},
            )
        )
    value_ids = [t.get("report_value_id") for t in detail.get("targets", []) if t.get("report_value_id")]
    values = {v.pk: v for v in ReportValue.objects.filter(pk__in=value_ids)}
    for target in detail.get("targets", []):
        if target.get("actual") is None:
            steps.append(
                Step(
                    "target",
                    target["indicator"],
                    _("Chỉ tiêu %(target)s %(uom)s; chưa có kết quả trong báo cáo được tiếp nhận.")
                    % {
                        "target": rules.format_number(Decimal(target["target_value"])),
                        "uom": target["unit_of_measure"],
                    },
                    link={"target_id": target["target_id"]},
                )
            )
            continue
        value = values.get(target.get("report_value_id"))
        steps.append(
            Step(
                "target",
                target["indicator"],
                _(
                    "Chỉ tiêu năm %(target)s, chỉ tiêu kỳ %(expected)s, thực hiện %(actual)s %(uom)s. %(formula)s: %(detail)s"
                )
                % {
                    "target": rules.format_number(Decimal(target["target_value"])),
                    "expected": rules.format_number(Decimal(target["expected"])),
                    "actual": rules.format_number(Decimal(target["actual"])),
                    "uom": target["unit_of_measure"],
                    "formula": target.get("formula_label", ""),
                    "detail": target.get("detail", ""),
                },
                points=Decimal(target["points"]) if target.get("points") else None,
                link={
                    "target_id": target["target_id"],
                    "report_value_id": value.pk if value else None,
                },
            )
        )
    if line.auto_points is not None:
        steps.append(
            Step(
                "formula",
                _("Điểm tự động"),
                _("Trung bình các chỉ tiêu của tiêu chí") if detail.get("averaged") else "",
                points=line.auto_points,
            )
        )
    elif criterion.method == "manual":
        steps.append(Step("formula", _("Tiêu chí chấm trực tiếp (không tính tự động)")))
    if line.self_points is not None:
        steps.append(
            Step("self", _("Đơn vị tự chấm"), line.self_note, points=line.self_points, who=_who(line.self_by))
        )
    if line.proposed_points is not None:
        steps.append(
            Step(
                "proposal",
                _("Đề xuất của đơn vị kiểm tra chéo"),
                line.proposed_note,
                points=line.proposed_points,
                who=line.proposed_by_unit.name if line.proposed_by_unit else "",
            )
        )
    if line.assessed_points is not None:
        steps.append(
            Step(
                "assessment",
                _("Cụm thẩm định"),
                line.difference_reason,
                points=line.assessed_points,
                who=_who(line.assessed_by),
            )
        )
    source_labels = {
        LineSource.ASSESSED: _("theo điểm Cụm thẩm định"),
        LineSource.AUTO: _("theo điểm tính tự động từ báo cáo"),
        LineSource.SELF: _("theo điểm đơn vị tự chấm"),
        LineSource.NONE: _("chưa có điểm"),
    }
    steps.append(
        Step("final", _("Điểm được tính"), str(source_labels[LineSource(line.source)]), points=line.points)
    )
    return Explanation(
        subject=f"{criterion.code}. {criterion.title} — {line.sheet.unit.name}",
        value=line.points,
        steps=steps,
    )


def explain_sheet(*, actor: User, sheet_id: int) -> Explanation:
    """Why a unit has its total, rank and band: criteria sum, adjustments by whom, caps, tie-break, rules."""
    sheet = sheet_get(actor=actor, sheet_id=sheet_id)
    config = services.config_for(owner=sheet.term.cluster.owner)
    steps = [
        Step(
            "criteria",
            _("Tổng điểm các tiêu chí"),
            _("Cộng điểm được tính của từng tiêu chí"),
            points=sheet.criteria_total,
        )
    ]
    for adjustment in sheet_adjustments(sheet=sheet):
        sign = "+" if adjustment.kind == "bonus" else "−"
        steps.append(
            Step(
                "adjustment",
                f"{adjustment.get_kind_display()} {sign}{rules.format_number(adjustment.points)}",
                adjustment.reason
                + (f" ({_('theo quy định')}: {adjustment.rule.title})" if adjustment.rule else "")
                + (f" — {_('vi phạm nghiêm trọng')}" if adjustment.is_serious_violation else ""),
                points=adjustment.points if adjustment.kind == "bonus" else -adjustment.points,
                who=_who(adjustment.created_by),
                when=adjustment.created_at.strftime("%d/%m/%Y"),
                link={"adjustment_id": adjustment.pk, "evidence": bool(adjustment.evidence)},
            )
        )
    if sheet.bonus_raw != sheet.bonus_points:
        steps.append(
            Step(
                "cap",
                _("Giới hạn điểm thưởng"),
                _("Điểm thưởng %(raw)s vượt mức tối đa, chỉ tính %(capped)s")
                % {
                    "raw": rules.format_number(sheet.bonus_raw),
                    "capped": rules.format_number(sheet.bonus_points),
                },
                points=sheet.bonus_points,
            )
        )
    if sheet.penalty_raw != sheet.penalty_points:
        steps.append(
            Step(
                "cap",
                _("Giới hạn điểm trừ"),
                _("Điểm trừ %(raw)s vượt mức tối đa, chỉ tính %(capped)s")
                % {
                    "raw": rules.format_number(sheet.penalty_raw),
                    "capped": rules.format_number(sheet.penalty_points),
                },
                points=-sheet.penalty_points,
            )
        )
    steps.append(
        Step(
            "total",
            _("Tổng điểm"),
            _("%(criteria)s + %(bonus)s − %(penalty)s (Σ điểm tiêu chí + điểm thưởng − điểm trừ)")
            % {
                "criteria": rules.format_number(sheet.criteria_total),
                "bonus": rules.format_number(sheet.bonus_points),
                "penalty": rules.format_number(sheet.penalty_points),
            },
            points=sheet.total,
        )
    )
    rows = {row.unit_id: row for row in leaderboard(actor=actor, term=sheet.term, period=sheet.period)}
    row = rows.get(sheet.unit_id)
    if row is not None:
        if row.tied:
            rank_detail = _("Bằng điểm hoàn toàn với %(units)s theo mọi tiêu chí phụ: đồng hạng") % {
                "units": ", ".join(row.tied_with)
            }
        elif row.decided_by:
            rank_detail = _("Xếp sau đơn vị liền trên vì %(reason)s") % {"reason": row.decided_by_label}
        else:
            rank_detail = _("Đứng đầu cụm")
        chain = ", ".join(rules.tie_break_label(k) for k in config.chain)
        steps.append(
            Step(
                "rank",
                _("Thứ hạng %(rank)s") % {"rank": row.rank},
                f"{rank_detail}. {_('Khi bằng tổng điểm, xếp trên là đơn vị có')}: {chain}",
            )
        )
        band_detail = _("Ngưỡng: Xuất sắc ≥ %(e)s, Tốt ≥ %(g)s, Khá ≥ %(f)s, Trung bình ≥ %(a)s") % {
            "e": rules.format_number(config.threshold_excellent),
            "g": rules.format_number(config.threshold_good),
            "f": rules.format_number(config.threshold_fair),
            "a": rules.format_number(config.threshold_average),
        }
        if row.serious_violation and not row.capped_by:
            band_detail += ". " + _("Có vi phạm nghiêm trọng: không được xếp cao hơn “%(cap)s”") % {
                "cap": rules.band_label(config.serious_violation_max_band)
            }
        if row.capped_by:
            band_detail += ". " + _(
                "Theo điểm đạt “%(by)s” nhưng %(flags)s nên không được cao hơn “%(cap)s”"
            ) % {
                "by": rules.band_label(row.band_by_points),
                "flags": ", ".join(row.capped_by),
                "cap": row.band_label,
            }
        steps.append(Step("band", _("Xếp loại: %(band)s") % {"band": row.band_label}, band_detail))
    return Explanation(subject=f"{sheet.unit.name} — {sheet.period.label}", value=sheet.total, steps=steps)


# -- history and comparison ----------------------------------------------------------------------


class HistoryAnnotations(TypedDict):
    member_count: int  # units in the sheet's cluster term


def unit_history(*, actor: User, unit: Unit) -> QuerySet[WithAnnotations[ScoreSheet, HistoryAnnotations]]:
    """The unit's sheets across periods and years with stored rank and band, one query.

    A cluster partner (no VIEW on the unit) sees the sheets of the terms it shares, as on the leaderboard."""
    if not access.can_see_unit(actor, unit):
        raise NotFound()
    sheets = ScoreSheet.objects.filter(unit=unit)
    if not access.can(actor, Action.VIEW, unit):
        sheets = sheets.filter(term__in=access.terms_in_scope(actor))
    members = (
        ClusterMembership.objects.filter(term_id=OuterRef("term_id"))
        .order_by()
        .values("term_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        sheets.select_related("term__cluster", "period")
        .annotate(member_count=Subquery(members, output_field=IntegerField()))
        .order_by("-period__year", "-period__end_date", "term__cluster__number")
    )


@dataclass
class ComparisonRow:
    term_id: int
    term_name: str
    leader: str
    units: int
    average: Decimal | None
    best: Decimal | None
    worst: Decimal | None
    excellent: int
    locked: bool
    sheets: int


def comparison_owners(*, actor: User) -> QuerySet[Unit]:
    """Authorities whose clusters the user may compare (boards of owners, admins)."""
    owners = Unit.objects.filter(owned_clusters__isnull=False).distinct().order_by("path")
    if access.is_admin(actor):
        return owners
    return owners.filter(pk__in=access.units_in_scope(actor, Action.MANAGE_CLUSTERS).values("pk"))


def cluster_comparison(
    *, actor: User, owner: Unit, period: EmulationPeriod, level: str = ""
) -> list[ComparisonRow]:
    """Every cluster of the owner in the period's year, side by side (owner's board only)."""
    access.require(actor, Action.MANAGE_CLUSTERS, owner)
    terms = ClusterTerm.objects.filter(cluster__owner=owner, year=period.year)
    if level:
        terms = terms.filter(cluster__level=level)
    in_period = Q(score_sheets__period=period)
    terms = (
        terms.select_related("cluster", "leader")
        .annotate(
            units=Count("memberships", distinct=True),
            sheets=Count("score_sheets", filter=in_period, distinct=True),
            average=Avg("score_sheets__total", filter=in_period),
            best=Max("score_sheets__total", filter=in_period),
            worst=Min("score_sheets__total", filter=in_period),
            excellent=Count(
                "score_sheets", filter=in_period & Q(score_sheets__band="excellent"), distinct=True
            ),
            locked=Count(
                "score_locks",
                filter=Q(score_locks__period=period, score_locks__reopened_at__isnull=True),
                distinct=True,
            ),
        )
        .order_by("cluster__level", "cluster__number")
    )
    return [
        ComparisonRow(
            term_id=t.pk,
            term_name=t.display_name,
            leader=t.leader.display_name if t.leader else "",
            units=t.units,
            average=Decimal(t.average).quantize(Decimal("0.01")) if t.average is not None else None,
            best=t.best,
            worst=t.worst,
            excellent=t.excellent,
            locked=bool(t.locked),
            sheets=t.sheets,
        )
        for t in terms
    ]


def owner_periods(*, owner: Unit) -> QuerySet[EmulationPeriod]:
    return EmulationPeriod.objects.filter(owner=owner).order_by("-year", "-end_date")


def prefetch_lines() -> Prefetch:
    return Prefetch(
        "lines",
        queryset=ScoreLine.objects.select_related("criterion__group").order_by(
            "group_number", "criterion__order"
        ),
    )


def dashboard_sheets(*, actor: User) -> QuerySet[ScoreSheet]:
    """The latest scored period of a cluster the user can see, best first (dashboard panel)."""
    visible = ScoreSheet.objects.filter(term__in=access.terms_in_scope(actor).values("pk"))
    latest = (
        visible.order_by("-period__end_date", "-term__year", "term_id").values("term_id", "period_id").first()
    )
    if latest is None:
        return ScoreSheet.objects.none()
    return (
        ScoreSheet.objects.filter(term_id=latest["term_id"], period_id=latest["period_id"])
        .select_related("unit", "term__cluster", "period")
        .order_by("rank", "unit__name")
    )
