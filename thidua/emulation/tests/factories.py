import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from thidua.emulation.models import (
    Covenant,
    CovenantSignatory,
    CovenantStatus,
    CriteriaGroup,
    Criterion,
    CriterionMethod,
    EmulationPeriod,
    ModelInitiative,
    PeriodKind,
    PeriodReport,
    ReportValue,
    SubmissionStatus,
    Target,
    TargetRegistration,
)


class CovenantFactory(DjangoModelFactory[Covenant]):
    class Meta:
        model = Covenant

    slogan = "Kỷ cương, bản lĩnh, nhân văn, vì nhân dân phục vụ"


class CriteriaGroupFactory(DjangoModelFactory[CriteriaGroup]):
    class Meta:
        model = CriteriaGroup

    covenant = factory.SubFactory(CovenantFactory)
    order = factory.Sequence(lambda n: n + 1)
    code = factory.Sequence(lambda n: f"N{n + 1}")
    title = "Công tác bảo đảm an ninh, trật tự"


class CriterionFactory(DjangoModelFactory[Criterion]):
    class Meta:
        model = Criterion

    group = factory.SubFactory(CriteriaGroupFactory)
    order = factory.Sequence(lambda n: n + 1)
    code = factory.Sequence(lambda n: f"TC{n + 1}")
    title = "Tỷ lệ điều tra, khám phá án hình sự"
    max_points = Decimal("25")
    method = CriterionMethod.TARGET


class RegistrationFactory(DjangoModelFactory[TargetRegistration]):
    class Meta:
        model = TargetRegistration


class TargetFactory(DjangoModelFactory[Target]):
    class Meta:
        model = Target

    registration = factory.SubFactory(RegistrationFactory)
    indicator = "Số vụ án hình sự được điều tra, khám phá"
    unit_of_measure = "vụ"
    target_value = Decimal("400")


class PeriodReportFactory(DjangoModelFactory[PeriodReport]):
    class Meta:
        model = PeriodReport


class ReportValueFactory(DjangoModelFactory[ReportValue]):
    class Meta:
        model = ReportValue


class InitiativeFactory(DjangoModelFactory[ModelInitiative]):
    class Meta:
        model = ModelInitiative

    kind = "model"
    name = factory.Sequence(lambda n: f"Mô hình thử nghiệm {n}")
    year = 2024


def make_periods(owner, year: int = 2024) -> dict[str, EmulationPeriod]:
    """Q1–Q4, the 6-month and the year review with deadlines 10 days after each period."""
    periods = {}
    for number in range(1, 5):
        start = datetime.date(year, 3 * number - 2, 1)
        end = (
            datetime.date(year, 3 * number + 1, 1) if number < 4 else datetime.date(year + 1, 1, 1)
        ) - datetime.timedelta(days=1)
        periods[f"q{number}"] = EmulationPeriod.objects.create(
            owner=owner,
            year=year,
            kind=PeriodKind.QUARTER,
            number=number,
            start_date=start,
            end_date=end,
            default_deadline=end + datetime.timedelta(days=10),
        )
    periods["half"] = EmulationPeriod.objects.create(
        owner=owner,
        year=year,
        kind=PeriodKind.HALF_YEAR,
        start_date=datetime.date(year, 1, 1),
        end_date=datetime.date(year, 6, 30),
        default_deadline=datetime.date(year, 7, 10),
    )
    periods["year"] = EmulationPeriod.objects.create(
        owner=owner,
        year=year,
        kind=PeriodKind.YEAR,
        start_date=datetime.date(year, 1, 1),
        end_date=datetime.date(year, 12, 31),
        default_deadline=datetime.date(year, 11, 15),
    )
    return periods


def make_covenant(term, *, signed: bool = True) -> Covenant:
    """Two groups, four criteria (25 points each, total 100), signatories for each member."""
    covenant = CovenantFactory(
        term=term,
        status=CovenantStatus.SIGNED if signed else CovenantStatus.DRAFT,
        signed_on=datetime.date(term.year, 3, 1) if signed else None,
    )
    for index, membership in enumerate(term.memberships.select_related("unit")):
        CovenantSignatory.objects.create(covenant=covenant, unit=membership.unit, order=index, signed=signed)
    first = CriteriaGroupFactory(covenant=covenant, code="I", title="Công tác chuyên môn, nghiệp vụ")
    second = CriteriaGroupFactory(
        covenant=covenant, code="II", title="Xây dựng lực lượng, hậu cần – kỹ thuật"
    )
    CriterionFactory(group=first, code="1.1", title="Kiềm chế tội phạm về trật tự xã hội")
    CriterionFactory(group=first, code="1.2", title="Tỷ lệ điều tra, khám phá án")
    CriterionFactory(
        group=second, code="2.1", title="Không để cán bộ vi phạm kỷ luật", method=CriterionMethod.YES_NO
    )
    CriterionFactory(group=second, code="2.2", title="Hoàn thành cấp căn cước", method=CriterionMethod.TARGET)
    return covenant


def make_registration(term, unit, covenant, *, status: str = SubmissionStatus.ACCEPTED) -> TargetRegistration:
    """Three targets: cases solved (cumulative, higher), solve rate (level, higher), violations (lower)."""
    registration = RegistrationFactory(term=term, unit=unit, status=status)
    criteria = {c.code: c for c in Criterion.objects.filter(group__covenant=covenant)}
    TargetFactory(
        registration=registration,
        order=1,
        criterion=criteria.get("1.1"),
        indicator="Số vụ phạm pháp hình sự được điều tra, khám phá",
        unit_of_measure="vụ",
        target_value=Decimal("400"),
    )
    TargetFactory(
        registration=registration,
        order=2,
        criterion=criteria.get("1.2"),
        indicator="Tỷ lệ điều tra, khám phá án hình sự",
        unit_of_measure="%",
        measure="level",
        target_value=Decimal("80"),
    )
    TargetFactory(
        registration=registration,
        order=3,
        criterion=criteria.get("2.1"),
        indicator="Số vụ cán bộ vi phạm kỷ luật",
        unit_of_measure="vụ",
        direction="lower",
        target_value=Decimal("0"),
    )
    return registration
