"""Scoring fixtures: Cụm 11 (conftest `term`) with a signed covenant, accepted targets and reports."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from thidua.emulation.models import CovenantStatus, CriterionMethod, Direction, Measure

from .factories import (
    CovenantFactory,
    CriterionFactory,
    GroupFactory,
    PeriodFactory,
    RegistrationFactory,
    ReportFactory,
    ReportValueFactory,
    TargetFactory,
)


@pytest.fixture
def period(ministry):
    return PeriodFactory(owner=ministry)


@pytest.fixture
def covenant(term):
    """Two content groups: I (A1 target 40 points, A2 manual 20) and II (B1 yes/no 10, B2 count 30)."""
    covenant = CovenantFactory(term=term, status=CovenantStatus.SIGNED)
    group_1 = GroupFactory(covenant=covenant, order=1, code="I", title="Công tác chuyên môn")
    group_2 = GroupFactory(covenant=covenant, order=2, code="II", title="Xây dựng lực lượng")
    criteria = SimpleNamespace(
        a1=CriterionFactory(
            group=group_1,
            order=1,
            code="1.1",
            title="Kéo giảm tội phạm về trật tự xã hội",
            max_points=Decimal("40"),
            method=CriterionMethod.TARGET,
        ),
        a2=CriterionFactory(
            group=group_1,
            order=2,
            code="1.2",
            title="Phong trào Toàn dân bảo vệ an ninh Tổ quốc",
            max_points=Decimal("20"),
            method=CriterionMethod.MANUAL,
        ),
        b1=CriterionFactory(
            group=group_2,
            order=1,
            code="2.1",
            title="Không có cán bộ vi phạm kỷ luật",
            max_points=Decimal("10"),
            method=CriterionMethod.YES_NO,
        ),
        b2=CriterionFactory(
            group=group_2,
            order=2,
            code="2.2",
            title="Mô hình, sáng kiến được công nhận",
            max_points=Decimal("30"),
            method=CriterionMethod.COUNT,
            points_per_item=Decimal("5"),
        ),
    )
    return SimpleNamespace(covenant=covenant, groups=(group_1, group_2), criteria=criteria)


@pytest.fixture
def reports(term, provinces, period, covenant):
    """Accepted registrations and reports. Province i: A1 = 50 − 5i of a 100 cumulative target
    (50 expected at 6 months), B1 met except for province 2, B2 = 6 − i models."""
    criteria = covenant.criteria
    for index, unit in enumerate(provinces):
        registration = RegistrationFactory(term=term, unit=unit)
        a1 = TargetFactory(
            registration=registration,
            criterion=criteria.a1,
            indicator="Số vụ án hình sự được khám phá",
            target_value=Decimal("100"),
            measure=Measure.CUMULATIVE,
            direction=Direction.HIGHER,
        )
        b1 = TargetFactory(
            registration=registration,
            criterion=criteria.b1,
            indicator="Không có vi phạm kỷ luật",
            unit_of_measure="đạt/không",
            target_value=Decimal("1"),
            measure=Measure.LEVEL,
        )
        b2 = TargetFactory(
            registration=registration,
            criterion=criteria.b2,
            indicator="Mô hình mới được công nhận",
            unit_of_measure="mô hình",
            target_value=Decimal("6"),
            measure=Measure.LEVEL,
        )
        report = ReportFactory(term=term, unit=unit, period=period)
        ReportValueFactory(report=report, target=a1, actual_value=Decimal(50 - 5 * index))
        ReportValueFactory(report=report, target=b1, actual_value=Decimal(0 if index == 2 else 1))
        ReportValueFactory(report=report, target=b2, actual_value=Decimal(6 - index))
    return provinces
