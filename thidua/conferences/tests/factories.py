import datetime

import factory
from factory.django import DjangoModelFactory

from thidua.conferences.models import Attendee, AttendeeRole, Conference, ConferenceKind
from thidua.organisation.tests.factories import ClusterTermFactory, UnitFactory


class ConferenceFactory(DjangoModelFactory[Conference]):
    class Meta:
        model = Conference

    term = factory.SubFactory(ClusterTermFactory)
    kind = ConferenceKind.HALF_YEAR
    title = factory.Sequence(lambda n: f"Hội nghị sơ kết 6 tháng đầu năm số {n}")
    period_year = factory.LazyAttribute(lambda o: o.term.year)
    period_label = "6 tháng đầu năm"
    date = datetime.date(2024, 7, 16)
    venue = "Hội trường Công an tỉnh"


class AttendeeFactory(DjangoModelFactory[Attendee]):
    class Meta:
        model = Attendee

    conference = factory.SubFactory(ConferenceFactory)
    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"Trần Văn Đại Biểu {n}")
    rank = "Đại tá"
    position = "Giám đốc"
    role = AttendeeRole.HEAD
    is_voter = True
    present = True
