"""Demo data for scoring (called by `manage.py demo_load` after the emulation loader, idempotent).

Cụm thi đua số 11 (2024), 6-month review: automatic scores computed from the accepted 6-month
reports of the emulation demo, self-scores of the units, cross-inspection in rotation, the
cluster's assessment with reasons, bonus/penalty entries (one serious violation), reconciliation, ranking and classification.
Everything beyond the emulation demo's figures (self-scores, findings, adjustments) is a plausible
fill-in, not a fact from the seed articles.
"""

import datetime
from decimal import Decimal

from thidua.accounts.models import User
from thidua.emulation.models import BonusPenaltyRule, CriterionMethod, EmulationPeriod, PeriodKind
from thidua.organisation.demo import province
from thidua.organisation.models import Cluster, ClusterLevel, ClusterTerm, Unit

from . import rules, services
from .models import ScoreLine, ScoreSheet

ORDER = ["Sóc Trăng", "Tiền Giang", "Bến Tre", "Vĩnh Long", "Đồng Tháp", "Trà Vinh"]
# Share of the max points a unit gives itself on criteria not computed from its report.
SELF_SHARE = {
    "Sóc Trăng": Decimal("0.95"),
    "Tiền Giang": Decimal("0.97"),
    "Bến Tre": Decimal("0.90"),
    "Vĩnh Long": Decimal("0.88"),
    "Đồng Tháp": Decimal("0.90"),
    "Trà Vinh": Decimal("0.80"),
}
# (unit, criterion code, proposed points, cross-inspection note) — differences the cluster adopts
FINDINGS = {
    ("Vĩnh Long", "4.2"): (
        Decimal("8"),
        "Sổ theo dõi cấp phát vũ khí, công cụ hỗ trợ chưa cập nhật đầy đủ theo quy định.",
    ),
    ("Đồng Tháp", "2.4"): (
        Decimal("4.5"),
        "Còn một số trường dữ liệu dân cư chưa được xác minh, làm sạch.",
    ),
}


def _say(stdout, text: str) -> None:
    if stdout:
        stdout.write(text)


def load(*, stdout=None) -> None:
    ministry = Unit.objects.filter(code="BCA").first()
    cluster = Cluster.objects.filter(owner=ministry, level=ClusterLevel.MINISTRY, number=11).first()
    term = ClusterTerm.objects.filter(cluster=cluster, year=2024).first() if cluster else None
    period = EmulationPeriod.objects.filter(owner=ministry, year=2024, kind=PeriodKind.HALF_YEAR).first()
    if term is None or period is None or not hasattr(term, "covenant"):
        _say(stdout, "  chấm điểm: chưa có dữ liệu thi đua Cụm 11 năm 2024 (bỏ qua)")
        return
    if ScoreSheet.objects.filter(term=term, period=period).exists():
        _say(stdout, "  chấm điểm: Cụm 11 sơ kết 6 tháng 2024 đã có bảng điểm")
        return
    admin = User.objects.get(username="admin")
    staff = User.objects.filter(username="cumtruong.soctrang").first() or admin

    services.scores_compute(actor=staff, term=term, period=period)
    units = {name: province(name) for name in ORDER}
    lines = {
        (line.sheet.unit_id, line.criterion.code): line
        for line in ScoreLine.objects.filter(sheet__term=term, sheet__period=period).select_related(
            "sheet", "criterion"
        )
    }
    _self_assess(admin, term, period, units, lines)
    _cross_inspect(admin, staff, term, period, units, lines)
    _assess_findings(staff, units, lines)
    _adjust(staff, term, period, units)

    # 5. Reconciliation closes the assessment (ranking and bands are refreshed on every change).
    # The leader unit's own sheet is closed by the owner's board (separation of duties, 13.8).
    board = User.objects.filter(username="thuongtruc.bca").first() or admin
    services.scores_reconcile(actor=staff, term=term, period=period)
    sheets = services.scores_reconcile(actor=board, term=term, period=period)
    _say(
        stdout,
        "  chấm điểm: Cụm 11 sơ kết 6 tháng 2024 — "
        + ", ".join(f"{s.rank}. {s.unit.display_name} {s.total}" for s in sheets),
    )


Lines = dict[tuple[int, str], ScoreLine]


def _self_assess(
    admin: User, term: ClusterTerm, period: EmulationPeriod, units: dict[str, Unit], lines: Lines
) -> None:
    """1. Self-assessment by each unit (entered by its officer; the demo uses the administrator)."""
    for name, unit in units.items():
        for (unit_id, _code), line in lines.items():
            if unit_id != unit.pk:
                continue
            if line.auto_points is not None:
                points = line.auto_points
            elif line.criterion.method == CriterionMethod.YES_NO:
                points = line.max_points  # đạt
            else:
                points = rules.quantize(line.max_points * SELF_SHARE[name] * 2) / 2  # halves, as on paper
            services.line_self_score(actor=admin, line=line, points=rules.quantize(points))
        services.sheet_self_submit(
            actor=admin, sheet=ScoreSheet.objects.get(term=term, period=period, unit=unit)
        )


def _cross_inspect(
    admin: User, staff: User, term: ClusterTerm, period: EmulationPeriod, units: dict[str, Unit], lines: Lines
) -> None:
    """2. Cross-inspection in rotation: each unit inspects the next one."""
    for index, name in enumerate(ORDER):
        inspected_name = ORDER[(index + 1) % len(ORDER)]
        inspection = services.cross_inspection_assign(
            actor=staff,
            term=term,
            period=period,
            inspecting_unit=units[name],
            inspected_unit=units[inspected_name],
        )
        proposals = {
            lines[(units[inspected_name].pk, code)].criterion_id: (points, note)
            for (unit_name, code), (points, note) in FINDINGS.items()
            if unit_name == inspected_name
        }
        services.cross_inspection_record(
            actor=admin,
            inspection=inspection,
            inspected_on=datetime.date(2024, 7, 8),
            findings=f"Đoàn kiểm tra của {units[name].name} kiểm tra hồ sơ, sổ sách và kết quả 6 tháng đầu năm 2024 "
            f"của {units[inspected_name].name}; kết quả cơ bản đúng với báo cáo"
            + ("; có nội dung đề nghị điều chỉnh điểm." if proposals else "."),
            proposals=proposals,
        )


def _assess_findings(staff: User, units: dict[str, Unit], lines: Lines) -> None:
    """3. The cluster's assessment: adopt the cross-inspection proposals, with the reason."""
    for (unit_name, code), (points, note) in FINDINGS.items():
        line = lines[(units[unit_name].pk, code)]
        inspector = ORDER[(ORDER.index(unit_name) - 1) % len(ORDER)]
        services.line_assess(
            actor=staff,
            line=line,
            points=points,
            reason=f"Theo biên bản kiểm tra chéo của {units[inspector].name} ngày 08/7/2024: {note}",
        )


def _adjust(staff: User, term: ClusterTerm, period: EmulationPeriod, units: dict[str, Unit]) -> None:
    """4. Bonus and penalty entries (covenant rules), each with its reason."""
    covenant_rules = {rule.title: rule for rule in BonusPenaltyRule.objects.filter(covenant=term.covenant)}
    bonus_rule = covenant_rules.get("Phá chuyên án xuất sắc được Bộ khen thưởng")
    late_rule = covenant_rules.get("Nộp báo cáo chậm so với hạn của Cụm")
    services.adjustment_add(
        actor=staff,
        sheet=ScoreSheet.objects.get(term=term, period=period, unit=units["Tiền Giang"]),
        kind="bonus",
        points=bonus_rule.points if bonus_rule else Decimal("1"),
        rule=bonus_rule,
        reason="Phá chuyên án ma túy xuyên tỉnh, được Bộ trưởng Bộ Công an tặng Bằng khen (quý II/2024).",
    )
    services.adjustment_add(
        actor=staff,
        sheet=ScoreSheet.objects.get(term=term, period=period, unit=units["Vĩnh Long"]),
        kind="penalty",
        points=late_rule.points if late_rule else Decimal("0.5"),
        rule=late_rule,
        reason="Báo cáo quý I/2024 gửi ngày 14/4/2024, chậm so với hạn báo cáo của Cụm.",
    )

    discipline_rule = covenant_rules.get("Cán bộ vi phạm kỷ luật bị xử lý từ cảnh cáo trở lên")
    services.adjustment_add(
        actor=staff,
        sheet=ScoreSheet.objects.get(term=term, period=period, unit=units["Trà Vinh"]),
        kind="penalty",
        points=discipline_rule.points if discipline_rule else Decimal("2"),
        rule=discipline_rule,
        is_serious_violation=True,
        reason="01 cán bộ bị xử lý kỷ luật cảnh cáo trong 6 tháng đầu năm 2024 (theo báo cáo 6 tháng của đơn vị).",
    )
