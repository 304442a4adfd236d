import datetime

import factory
from factory.django import DjangoModelFactory

from thidua.awards.models import (
    AnnualAssessment,
    AwardRecord,
    Decision,
    DisciplineRecord,
    Person,
    ProposalBatch,
    ProposalCandidate,
    Rating,
)
from thidua.awards.policy import level_of
from thidua.organisation.tests.factories import UnitFactory


class PersonFactory(DjangoModelFactory[Person]):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Chiến {n}")
    rank = "Thượng úy"
    position = "Cán bộ"
    unit = factory.SubFactory(UnitFactory)


class AssessmentFactory(DjangoModelFactory[AnnualAssessment]):
    class Meta:
        model = AnnualAssessment

    person = factory.SubFactory(PersonFactory)
    unit = factory.LazyAttribute(lambda o: o.person.unit)
    year = 2024
    rating = Rating.GOOD


class RecordFactory(DjangoModelFactory[AwardRecord]):
    """An award record; pass `person=` for individual awards."""

    class Meta:
        model = AwardRecord

    year = 2024
    unit = factory.LazyAttribute(lambda o: o.person.unit if o.person else UnitFactory())
    person = None
    recipient_kind = factory.LazyAttribute(lambda o: o.award_type.recipient_kind)
    recipient_name = factory.LazyAttribute(lambda o: o.person.full_name if o.person else o.unit.name)
    decision_number = factory.Sequence(lambda n: f"{n}/QĐ-CAT")
    decision_date = factory.LazyAttribute(lambda o: datetime.date(o.year, 12, 20))
    authority = factory.LazyAttribute(lambda o: o.award_type.authority)
    achievement = factory.Sequence(lambda n: f"Thành tích số {n}")


class DisciplineFactory(DjangoModelFactory[DisciplineRecord]):
    class Meta:
        model = DisciplineRecord

    person = factory.SubFactory(PersonFactory)
    unit = factory.LazyAttribute(lambda o: o.person.unit if o.person else UnitFactory())
    level = 2
    effective_from = datetime.date(2024, 3, 1)
    effective_to = datetime.date(2025, 3, 1)


class BatchFactory(DjangoModelFactory[ProposalBatch]):
    class Meta:
        model = ProposalBatch

    title = factory.Sequence(lambda n: f"Đề nghị khen thưởng năm 2024 số {n}")
    unit = factory.SubFactory(UnitFactory)
    reviewer = factory.LazyAttribute(lambda o: o.unit.parent or o.unit)
    level = factory.LazyAttribute(lambda o: level_of(o.reviewer))
    year = 2024


class CandidateFactory(DjangoModelFactory[ProposalCandidate]):
    class Meta:
        model = ProposalCandidate

    batch = factory.SubFactory(BatchFactory)
    unit = factory.LazyAttribute(lambda o: o.person.unit if o.person else o.batch.unit)
    person = None
    achievement = factory.Sequence(lambda n: f"Hoàn thành xuất sắc chuyên án số {n}")


class DecisionFactory(DjangoModelFactory[Decision]):
    class Meta:
        model = Decision

    number = factory.Sequence(lambda n: f"{n + 100}/QĐ-BCA")
    signed_on = datetime.date(2025, 1, 15)
    signer_name = "Lương Tam Quang"
    signer_title = "Bộ trưởng"
    authority = "Bộ trưởng Bộ Công an"
    summary = "Về việc tặng danh hiệu thi đua năm 2024"
