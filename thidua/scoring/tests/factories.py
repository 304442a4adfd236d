"""Factories for scoring tests (and the emulation objects scores are computed from)."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from thidua.emulation.models import (
    Covenant,
    CriteriaGroup,
    Criterion,
    CriterionMethod,
    EmulationPeriod,
    PeriodKind,
    PeriodReport,
    ReportValue,
    SubmissionStatus,
    Target,
    TargetRegistration,
)
from thidua.scoring.models import Adjustment, AdjustmentKind, ScoreLine, ScoreSheet


class PeriodFactory(DjangoModelFactory[EmulationPeriod]):
    class Meta:
        model = EmulationPeriod

    year = 2024
    kind = PeriodKind.HALF_YEAR
    number = 1
    start_date = datetime.date(2024, 1, 1)
    end_date = datetime.date(2024, 6, 30)
    default_deadline = datetime.date(2024, 7, 10)


class CovenantFactory(DjangoModelFactory[Covenant]):
    class Meta:
        model = Covenant

    slogan = "Kỷ cương, trách nhiệm, chủ động, sáng tạo"


class GroupFactory(DjangoModelFactory[CriteriaGroup]):
    class Meta:
        model = CriteriaGroup

    code = factory.Sequence(lambda n: f"N{n}")
    title = factory.Sequence(lambda n: f"Nội dung thi đua {n}")


class CriterionFactory(DjangoModelFactory[Criterion]):
    class Meta:
        model = Criterion

    code = factory.Sequence(lambda n: f"TC{n}")
    title = factory.Sequence(lambda n: f"Tiêu chí {n}")
    max_points = Decimal("25")
    method = CriterionMethod.MANUAL


class RegistrationFactory(DjangoModelFactory[TargetRegistration]):
    class Meta:
        model = TargetRegistration

    status = SubmissionStatus.ACCEPTED


class TargetFactory(DjangoModelFactory[Target]):
    class Meta:
        model = Target

    indicator = "Tỷ lệ điều tra, khám phá án"
    unit_of_measure = "vụ"
    target_value = Decimal("100")


class ReportFactory(DjangoModelFactory[PeriodReport]):
    class Meta:
        model = PeriodReport

    status = SubmissionStatus.ACCEPTED


class ReportValueFactory(DjangoModelFactory[ReportValue]):
    class Meta:
        model = ReportValue


class SheetFactory(DjangoModelFactory[ScoreSheet]):
    class Meta:
        model = ScoreSheet


class LineFactory(DjangoModelFactory[ScoreLine]):
    class Meta:
        model = ScoreLine


class AdjustmentFactory(DjangoModelFactory[Adjustment]):
    class Meta:
        model = Adjustment

    kind = AdjustmentKind.BONUS
    points = Decimal("1")
    reason = "Được tặng Huân chương Chiến công"
