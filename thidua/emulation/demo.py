"""Demo data for the emulation capability (called by `manage.py demo_load`, idempotent).

Facts from the seed articles (DOMAIN.md §0): Cụm 11 (Sóc Trăng leader, Tiền Giang deputy) held its
6-month review on 16/7/2024 hosted by Tiền Giang, with the six named models; targets on track above
60 % at the review (seed 002 for Cụm 8, used here as the typical figure). Everything else — the
criteria tree, the target values, the reported figures, the slogan — is a plausible fill-in, not a
fact from the articles.
"""

import datetime
import random
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from thidua.accounts.models import User
from thidua.organisation.demo import province
from thidua.organisation.models import Cluster, ClusterLevel, ClusterTerm, Role, Unit, UnitRole

from . import services
from .models import (
    Covenant,
    CriterionMethod,
    EmulationPeriod,
    ModelInitiative,
    Movement,
    MovementKind,
    PeriodDeadline,
    PeriodKind,
    PeriodReport,
    RuleKind,
    SubmissionStatus,
    TargetRegistration,
)

# (code, title, [(code, title, points, method, reference)])
CRITERIA_TREE = [
    (
        "I",
        "Công tác bảo đảm an ninh quốc gia, trật tự, an toàn xã hội",
        [
            (
                "1.1",
                "Kiềm chế, làm giảm tội phạm về trật tự xã hội",
                5,
                "target",
                "Chỉ thị của Bộ trưởng về công tác năm 2024",
            ),
            (
                "1.2",
                "Tỷ lệ điều tra, khám phá án phạm pháp hình sự đạt trên 75 %",
                5,
                "target",
                "Nghị quyết 96/2019/QH14",
            ),
            (
                "1.3",
                "Tỷ lệ điều tra, khám phá án rất nghiêm trọng, đặc biệt nghiêm trọng đạt trên 90 %",
                4,
                "target",
                "Nghị quyết 96/2019/QH14",
            ),
            ("1.4", "Truy bắt, vận động đối tượng truy nã đầu thú", 4, "target", ""),
            ("1.5", "Phát hiện, đấu tranh với tội phạm về ma túy", 4, "target", ""),
            ("1.6", "Phát hiện tội phạm về kinh tế, tham nhũng, buôn lậu", 4, "target", ""),
            ("1.7", "Kiềm chế tai nạn giao thông trên cả 3 tiêu chí", 4, "target", ""),
            ("1.8", "Nắm chắc tình hình, không để bị động, bất ngờ", 5, "yes_no", ""),
            ("1.9", "Không để xảy ra cháy, nổ lớn gây thiệt hại nghiêm trọng", 5, "yes_no", ""),
        ],
    ),
    (
        "II",
        "Quản lý hành chính về trật tự xã hội; thực hiện Đề án 06",
        [
            ("2.1", "Cấp thẻ căn cước cho công dân", 5, "target", "Luật Căn cước 2023"),
            ("2.2", "Tỷ lệ hồ sơ dịch vụ công trực tuyến toàn trình", 5, "target", "Đề án 06/CP"),
            ("2.3", "Kích hoạt tài khoản định danh điện tử mức 2", 5, "target", "Đề án 06/CP"),
            ("2.4", "Làm sạch dữ liệu dân cư “đúng, đủ, sạch, sống”", 5, "manual", "Đề án 06/CP"),
        ],
    ),
    (
        "III",
        "Phong trào Toàn dân bảo vệ an ninh Tổ quốc; công tác thi đua, khen thưởng",
        [
            ("3.1", "Xây dựng, nhân rộng mô hình, điển hình tiên tiến", 6, "count", ""),
            (
                "3.2",
                "Phát động, sơ kết, tổng kết phong trào thi đua đúng kế hoạch",
                7,
                "yes_no",
                "Thông tư 12/2019/TT-BCA",
            ),
            ("3.3", "Tuyên truyền gương người tốt, việc tốt", 7, "target", ""),
        ],
    ),
    (
        "IV",
        "Xây dựng lực lượng, hậu cần – kỹ thuật",
        [
            ("4.1", "Không có cán bộ vi phạm kỷ luật bị xử lý từ cảnh cáo trở lên", 10, "target", ""),
            ("4.2", "Bảo đảm hậu cần – kỹ thuật, quản lý tài sản, vũ khí đúng quy định", 10, "manual", ""),
        ],
    ),
]
RULES: list[tuple[str, str, float, int]] = [
    (RuleKind.BONUS, "Được tặng Huân chương, Cờ thi đua của Chính phủ trong năm", 2, 4),
    (RuleKind.BONUS, "Phá chuyên án xuất sắc được Bộ khen thưởng", 1, 3),
    (RuleKind.PENALTY, "Cán bộ vi phạm kỷ luật bị xử lý từ cảnh cáo trở lên", 2, 6),
    (RuleKind.PENALTY, "Nộp báo cáo chậm so với hạn của Cụm", 0.5, 2),
]

# criterion code, indicator, unit of measure, direction, measure, base target value
MINISTRY_TARGETS = [
    ("1.1", "Số vụ phạm pháp hình sự xảy ra", "vụ", "lower", "cumulative", 420),
    ("1.2", "Tỷ lệ điều tra, khám phá án phạm pháp hình sự", "%", "higher", "level", 80),
    (
        "1.3",
        "Tỷ lệ điều tra, khám phá án rất nghiêm trọng, đặc biệt nghiêm trọng",
        "%",
        "higher",
        "level",
        95,
    ),
    ("1.4", "Số đối tượng truy nã bắt, vận động đầu thú", "đối tượng", "higher", "cumulative", 60),
    ("1.5", "Số vụ phạm tội về ma túy phát hiện, bắt giữ", "vụ", "higher", "cumulative", 180),
    ("1.6", "Số vụ phạm tội về kinh tế, tham nhũng, buôn lậu phát hiện", "vụ", "higher", "cumulative", 45),
    ("1.7", "Số người chết do tai nạn giao thông", "người", "lower", "cumulative", 150),
    ("2.1", "Số hồ sơ cấp thẻ căn cước", "hồ sơ", "higher", "cumulative", 120000),
    ("2.2", "Tỷ lệ hồ sơ dịch vụ công trực tuyến toàn trình", "%", "higher", "level", 85),
    (
        "2.3",
        "Số tài khoản định danh điện tử mức 2 được kích hoạt",
        "tài khoản",
        "higher",
        "cumulative",
        350000,
    ),
    ("3.3", "Số tin, bài tuyên truyền gương người tốt, việc tốt", "tin, bài", "higher", "cumulative", 240),
    ("4.1", "Số cán bộ vi phạm kỷ luật bị xử lý từ cảnh cáo trở lên", "người", "lower", "cumulative", 0),
]
DEPARTMENT_TARGETS = [
    (
        "1.4",
        "Số đối tượng truy nã bắt, vận động đầu thú theo chức năng",
        "đối tượng",
        "higher",
        "cumulative",
        8,
    ),
    ("1.5", "Số vụ vi phạm phát hiện, xử lý theo chức năng", "vụ", "higher", "cumulative", 120),
    ("2.2", "Tỷ lệ hồ sơ, thủ tục hành chính giải quyết đúng hạn", "%", "higher", "level", 98),
    ("3.3", "Số tin, bài tuyên truyền gương người tốt, việc tốt", "tin, bài", "higher", "cumulative", 60),
    ("4.1", "Số cán bộ vi phạm kỷ luật bị xử lý từ cảnh cáo trở lên", "người", "lower", "cumulative", 0),
]
# unit → (size factor, pace): pace > 1 ahead of plan, < 1 behind (demo fill-in, not from the articles)
CUM11_UNITS = {
    "Sóc Trăng": (Decimal("1.0"), 1.06),
    "Tiền Giang": (Decimal("1.2"), 1.08),
    "Bến Tre": (Decimal("1.0"), 1.04),
    "Vĩnh Long": (Decimal("0.9"), 0.98),
    "Đồng Tháp": (Decimal("1.1"), 1.02),
    "Trà Vinh": (Decimal("0.8"), 0.9),
}
CUM5_PACE = {
    "Phòng CSGT": 1.05,
    "Phòng CSCĐ": 1.03,
    "Phòng CS PCCC&CNCH": 1.04,
    "Trại tạm giam": 1.0,
    "Phòng CS THAHS&HTTP": 0.97,
    "Phòng CS QLHC về TTXH": 1.06,
}
INITIATIVES = [
    (
        "Tiền Giang",
        "model",
        "Nghĩa tình ngày hạn mặn",
        "Hỗ trợ nước ngọt, nhu yếu phẩm cho người dân vùng hạn hán, xâm nhập mặn.",
    ),
    (
        "Bến Tre",
        "model",
        "Trọng dân, gần dân, vì nhân dân phục vụ",
        "Cán bộ Công an bám địa bàn, giải quyết thủ tục hành chính tại nhà cho người già, người khuyết tật.",
    ),
    (
        "Sóc Trăng",
        "model",
        "Tổ công tác đặc biệt 123",
        "Tổ công tác phản ứng nhanh phối hợp tuần tra, kiểm soát, xử lý vụ việc về an ninh, trật tự.",
    ),
    (
        "Đồng Tháp",
        "model",
        "Mỗi số nhà là đường dây nóng phòng, chống tội phạm",
        "Gắn số điện thoại đường dây nóng của Công an xã tại từng số nhà để người dân báo tin tội phạm.",
    ),
    (
        "Trà Vinh",
        "task",
        "Xây nhà cho hộ nghèo, gia đình chính sách",
        "Vận động xây dựng, bàn giao nhà cho hộ nghèo, hộ có hoàn cảnh khó khăn.",
    ),
    (
        "Vĩnh Long",
        "model",
        "Đội hỗ trợ đảm bảo an ninh, trật tự",
        "Đội quần chúng hỗ trợ lực lượng Công an giữ gìn an ninh, trật tự ở cơ sở.",
    ),
]


def _periods(actor: User, owner: Unit, year: int) -> dict[str, EmulationPeriod]:
    services.periods_create_standard(actor=actor, owner=owner, year=year)
    periods = {p.label: p for p in EmulationPeriod.objects.filter(owner=owner, year=year)}
    return {
        "q1": periods[f"Quý 1/{year}"],
        "half": next(p for p in periods.values() if p.kind == PeriodKind.HALF_YEAR),
    }


def _covenant(
    actor: User, term: ClusterTerm, slogan: str, movement: Movement, signed_on: datetime.date, place: str
) -> Covenant:
    existing = Covenant.objects.filter(term=term).first()
    if existing:
        return existing
    covenant = services.covenant_create(
        actor=actor, term=term, slogan=slogan, movement=movement, signed_at_place=place
    )
    for order, (code, title, criteria) in enumerate(CRITERIA_TREE, start=1):
        group = services.group_add(actor=actor, covenant=covenant, code=code, title=title, order=order)
        for index, (c_code, c_title, points, method, reference) in enumerate(criteria, start=1):
            services.criterion_add(
                actor=actor,
                group=group,
                code=c_code,
                title=c_title,
                max_points=Decimal(points),
                method=method,
                reference=reference,
                order=index,
                points_per_item=Decimal("2") if method == CriterionMethod.COUNT else None,
                formula_hint="Điểm = điểm tối đa × tỷ lệ hoàn thành chỉ tiêu (tối đa 100 %)"
                if method == "target"
                else "",
            )
    for kind, title, rule_points, cap in RULES:
        services.rule_add(
            actor=actor,
            covenant=covenant,
            kind=kind,
            title=title,
            points=Decimal(str(rule_points)),
            cap=Decimal(cap),
        )
    signatories = {
        s.unit_id: ("", "Giám đốc" if s.unit.kind == "provincial_police" else "Trưởng phòng")
        for s in covenant.signatories.select_related("unit")
    }
    return services.covenant_sign(
        actor=actor, covenant=covenant, signed_on=signed_on, signatories=signatories
    )


def _approver():
    """The unit leaders who approve the demo's submissions (entered by the administrator): one
    account that cannot log in, since no one approves what they sent themselves (13.8)."""
    user, created = get_user_model().objects.get_or_create(
        username="lanhdao.dulieumau", defaults={"full_name": "Lãnh đạo đơn vị (dữ liệu mẫu)"}
    )
    if created:
        user.set_unusable_password()
        user.save()
        UnitRole.objects.create(user=user, unit=Unit.objects.get(code="BCA"), role=Role.UNIT_LEADER)
    return user


def _registration(
    actor: User, term, unit, covenant, definitions, factor: Decimal, when: datetime.datetime
) -> TargetRegistration:
    registration = services.registration_open(actor=actor, term=term, unit=unit)
    if registration.status == SubmissionStatus.ACCEPTED:
        return registration
    if not registration.targets.exists():
        criteria = {c.code: c for c in covenant_criteria(covenant)}
        for order, (code, indicator, uom, direction, measure, base) in enumerate(definitions, start=1):
            value = Decimal(base) if measure == "level" else (Decimal(base) * factor).quantize(Decimal("1"))
            services.target_add(
                actor=actor,
                registration=registration,
                indicator=indicator,
                unit_of_measure=uom,
                direction=direction,
                measure=measure,
                target_value=value,
                criterion=criteria[code],
                order=order,
            )
    services.registration_submit(actor=actor, registration=registration)
    services.registration_approve(actor=_approver(), registration=registration)
    services.registration_accept(actor=actor, registration=registration)
    TargetRegistration.objects.filter(pk=registration.pk).update(
        submitted_at=when,
        approved_at=when + datetime.timedelta(days=1),
        accepted_at=when + datetime.timedelta(days=3),
    )
    return registration


def covenant_criteria(covenant: Covenant):
    from .models import Criterion

    return Criterion.objects.filter(group__covenant=covenant)


def _value(target, months: int, pace: float, rng: random.Random) -> Decimal:
    fraction = Decimal(months) / Decimal(12)
    noise = Decimal(str(round(rng.uniform(0.9, 1.1), 3)))
    pace_d = Decimal(str(pace))
    if target.measure == "level":
        value = target.target_value * pace_d * Decimal(str(round(rng.uniform(0.97, 1.03), 3)))
        return min(value, Decimal(100)).quantize(Decimal("0.1"))
    if target.direction == "lower":
        if target.target_value == 0:
            return Decimal(1) if pace < 0.95 and months >= 6 else Decimal(0)
        return (target.target_value * fraction * (2 - pace_d) * noise).quantize(Decimal("1"))
    return (target.target_value * fraction * pace_d * noise).quantize(Decimal("1"))


NARRATIVES = {
    "narrative_professional": "Nắm chắc tình hình, không để bị động, bất ngờ; mở các đợt cao điểm tấn công, trấn áp tội phạm; "
    "tỷ lệ điều tra, khám phá án đạt và vượt chỉ tiêu Bộ giao.",
    "narrative_emulation": "Tổ chức phát động thi đua theo chuyên đề, đợt cao điểm; xây dựng, nhân rộng mô hình, điển hình tiên tiến.",
    "narrative_force_building": "Quan tâm xây dựng lực lượng trong sạch, vững mạnh; bảo đảm hậu cần – kỹ thuật phục vụ chiến đấu.",
}


def _report(
    actor: User,
    term,
    unit,
    period,
    pace: float,
    rng: random.Random,
    submitted: datetime.datetime,
    accept: bool,
) -> None:
    if PeriodReport.objects.filter(term=term, unit=unit, period=period).exists():
        return
    report = services.report_open(actor=actor, term=term, unit=unit, period=period)
    targets = list(services.report_targets(report=report))
    values: dict[int, Decimal | None] = {t.pk: _value(t, period.months, pace, rng) for t in targets}
    narratives: dict[str, Any] = {k: f"{unit.display_name}: {v}" for k, v in NARRATIVES.items()}
    services.report_save(actor=actor, report=report, values=values, **narratives)
    services.report_submit(actor=actor, report=report, now=submitted)
    services.report_approve(actor=_approver(), report=report)
    if accept:
        services.report_accept(actor=actor, report=report)
    PeriodReport.objects.filter(pk=report.pk).update(
        approved_at=submitted + datetime.timedelta(days=1),
        accepted_at=(submitted + datetime.timedelta(days=3)) if accept else None,
    )


def _aware(year: int, month: int, day: int, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


def _movements(admin, ministry: Unit, terms: list[ClusterTerm]) -> Movement:
    specs = [
        (
            MovementKind.REGULAR,
            "Phong trào thi đua “Vì an ninh Tổ quốc” năm 2024",
            datetime.date(2024, 1, 1),
            datetime.date(2024, 12, 31),
            "Phong trào thi đua thường xuyên của lực lượng Công an nhân dân.",
        ),
        (
            MovementKind.PEAK,
            "Đợt thi đua cao điểm tấn công, trấn áp tội phạm năm 2024",
            datetime.date(2024, 4, 1),
            datetime.date(2024, 9, 30),
            "Đợt cao điểm tấn công, trấn áp các loại tội phạm, bảo đảm an ninh, trật tự.",
        ),
        (
            MovementKind.PROJECT,
            "Thi đua thực hiện Đề án 06 năm 2024",
            datetime.date(2024, 1, 1),
            datetime.date(2024, 12, 31),
            "Thi đua phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số quốc gia (Đề án 06).",
        ),
    ]
    regular = None
    for kind, name, start, end, description in specs:
        movement = Movement.objects.filter(name=name).first()
        if movement is None:
            movement = services.movement_create(
                actor=admin,
                owner=ministry,
                kind=kind,
                name=name,
                start_date=start,
                end_date=end,
                description=description,
                terms=terms,
            )
        if kind == MovementKind.REGULAR:
            regular = movement
    assert regular is not None
    return regular


def load(*, stdout=None) -> None:
    admin = get_user_model().objects.get(username="admin")
    ministry = Unit.objects.get(code="BCA")
    ha_tinh = province("Hà Tĩnh")
    cum11 = ClusterTerm.objects.get(
        cluster=Cluster.objects.get(owner=ministry, level=ClusterLevel.MINISTRY, number=11), year=2024
    )
    cum5 = ClusterTerm.objects.get(
        cluster=Cluster.objects.get(owner=ha_tinh, level=ClusterLevel.PROVINCIAL, number=5), year=2024
    )
    movement = _movements(admin, ministry, [cum11, cum5])

    ministry_periods = _periods(admin, ministry, 2024)
    ha_tinh_periods = _periods(admin, ha_tinh, 2024)
    # Cụm 11's own deadline for the 6-month report: before the review conference of 16/7/2024 (seed 003)
    PeriodDeadline.objects.get_or_create(
        term=cum11, period=ministry_periods["half"], defaults={"due_date": datetime.date(2024, 7, 5)}
    )

    covenant11 = _covenant(
        admin,
        cum11,
        "Đoàn kết, kỷ cương, sáng tạo, hiệu quả",
        movement,
        datetime.date(2024, 3, 8),
        "Công an tỉnh Sóc Trăng",
    )
    covenant5 = _covenant(
        admin,
        cum5,
        "Đoàn kết, chủ động, trách nhiệm, hiệu quả",
        movement,
        datetime.date(2024, 2, 27),
        "Công an tỉnh Hà Tĩnh",
    )

    rng = random.Random(2024)  # noqa: S311 — deterministic demo figures
    _cum11_reports(admin, cum11, covenant11, ministry_periods, rng)
    _cum5_reports(admin, cum5, covenant5, ha_tinh_periods, rng)
    _initiatives(admin, movement, ministry_periods["half"])
    if stdout:
        stdout.write(
            f"  thi đua: {Covenant.objects.count()} giao ước, {TargetRegistration.objects.count()} bản đăng ký, "
            f"{PeriodReport.objects.count()} báo cáo kỳ, {ModelInitiative.objects.count()} mô hình"
        )


def _cum11_reports(
    admin: User,
    cum11: ClusterTerm,
    covenant: Covenant,
    periods: dict[str, EmulationPeriod],
    rng: random.Random,
) -> None:
    """Registrations of Cụm 11's provinces, their Q1 reports (Vĩnh Long late) and 6-month reports."""
    for name, (factor, pace) in CUM11_UNITS.items():
        unit = province(name)
        _registration(admin, cum11, unit, covenant, MINISTRY_TARGETS, factor, _aware(2024, 3, 20))
        late_q1 = name == "Vĩnh Long"
        _report(
            admin,
            cum11,
            unit,
            periods["q1"],
            pace,
            rng,
            _aware(2024, 4, 14 if late_q1 else 8),
            accept=True,
        )
        _report(
            admin,
            cum11,
            unit,
            periods["half"],
            pace,
            rng,
            _aware(2024, 7, 3),
            accept=name != "Trà Vinh",
        )


def _cum5_reports(
    admin: User,
    cum5: ClusterTerm,
    covenant: Covenant,
    periods: dict[str, EmulationPeriod],
    rng: random.Random,
) -> None:
    """Registrations, Q1 and 6-month reports of the Hà Tĩnh departments in Cụm 5."""
    for membership in cum5.memberships.select_related("unit"):
        unit = membership.unit
        pace = CUM5_PACE.get(unit.short_name, 1.0)
        _registration(admin, cum5, unit, covenant, DEPARTMENT_TARGETS, Decimal("1"), _aware(2024, 3, 5))
        _report(admin, cum5, unit, periods["q1"], pace, rng, _aware(2024, 4, 9), accept=True)
        _report(admin, cum5, unit, periods["half"], pace, rng, _aware(2024, 7, 8), accept=True)


def _initiatives(admin: User, movement: Movement, half: EmulationPeriod) -> None:
    """The model initiatives presented at Cụm 11's 6-month review (one replicated to two provinces)."""
    for province_name, kind, name, description in INITIATIVES:
        if not ModelInitiative.objects.filter(name=name).exists():
            unit = province(province_name)
            initiative = services.initiative_create(
                actor=admin,
                unit=unit,
                kind=kind,
                name=name,
                year=2024,
                description=description,
                results="Được giới thiệu tại Hội nghị sơ kết 6 tháng đầu năm 2024 của Cụm thi đua số 11 (16/7/2024).",
                period=half,
                movement=movement,
            )
            if name == "Tổ công tác đặc biệt 123":
                initiative.replicated_to.set([province("Trà Vinh"), province("Vĩnh Long")])
