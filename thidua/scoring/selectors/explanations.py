"""Reads that explain a number: every step of a score line or a whole sheet (who, when, formula)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from thidua.accounts.models import User
from thidua.emulation.models import PeriodReport, ReportValue

from .. import rules, services
from ..models import (
    LineSource,
    ScoreLine,
    ScoreSheet,
    ScoringConfig,
)
from .ranking import leaderboard
from .sheets import line_get, sheet_adjustments, sheet_get

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


def _report_step(line: ScoreLine, detail: dict) -> Step | None:
    """The accepted report the automatic score was computed from, if any."""
    report_id = detail.get("report_id")
    report = (
        PeriodReport.objects.filter(pk=report_id).select_related("accepted_by").first() if report_id else None
    )
    if report is None:
        return None
    return Step(
        "report",
        _("Báo cáo %(period)s (trạng thái: %(status)s)")
        % {"period": line.sheet.period.label, "status": report.get_status_display()},
        who=_who(report.accepted_by),
        when=report.accepted_at.strftime("%d/%m/%Y") if report.accepted_at else "",
        link={"report_id": report.pk},
    )


def _target_steps(detail: dict) -> list[Step]:
    """One step per target of the criterion: its yearly and period targets, the result, the formula."""
    steps = []
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
    return steps


def _scoring_steps(line: ScoreLine, detail: dict) -> list[Step]:
    """The automatic score (or the manual method), then the self, cross-inspection and cluster scores."""
    steps = []
    if line.auto_points is not None:
        steps.append(
            Step(
                "formula",
                _("Điểm tự động"),
                _("Trung bình các chỉ tiêu của tiêu chí") if detail.get("averaged") else "",
                points=line.auto_points,
            )
        )
    elif line.criterion.method == "manual":
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
    return steps


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
    report_step = _report_step(line, detail)
    if report_step is not None:
        steps.append(report_step)
    steps += _target_steps(detail)
    steps += _scoring_steps(line, detail)
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


def _adjustment_steps(sheet: ScoreSheet) -> list[Step]:
    """The bonus and penalty adjustments, each with its reason, rule, author and evidence."""
    steps: list[Step] = []
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
    return steps


def _cap_steps(sheet: ScoreSheet) -> list[Step]:
    """The caps that cut the bonus or the penalty points, if any."""
    steps: list[Step] = []
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
    return steps


def _rank_steps(actor: User, sheet: ScoreSheet, config: ScoringConfig) -> list[Step]:
    """The rank (ties, the key of the chain that decided) and the band (thresholds, caps by flags)."""
    steps: list[Step] = []
    rows = {row.unit_id: row for row in leaderboard(actor=actor, term=sheet.term, period=sheet.period)}
    row = rows.get(sheet.unit_id)
    if row is None:
        return []
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
        band_detail += ". " + _("Theo điểm đạt “%(by)s” nhưng %(flags)s nên không được cao hơn “%(cap)s”") % {
            "by": rules.band_label(row.band_by_points),
            "flags": ", ".join(row.capped_by),
            "cap": row.band_label,
        }
    steps.append(Step("band", _("Xếp loại: %(band)s") % {"band": row.band_label}, band_detail))
    return steps


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
    steps += _adjustment_steps(sheet)
    steps += _cap_steps(sheet)
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
    steps += _rank_steps(actor, sheet, config)
    return Explanation(subject=f"{sheet.unit.name} — {sheet.period.label}", value=sheet.total, steps=steps)
