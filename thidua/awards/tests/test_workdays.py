import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.awards import workdays
from thidua.awards.models import Holiday

D = datetime.date


def test_weekends_are_skipped():
    # Friday 6/12/2024 + 1 working day = Monday 9/12/2024
    assert workdays.add_working_days(D(2024, 12, 6), 1, frozenset()) == D(2024, 12, 9)


@pytest.mark.django_db
def test_tet_holidays_from_the_seeded_calendar_are_skipped():
    """Tết Nguyên đán 2025 (27–31/01) is seeded by migration: 5 working days after Fri 24/01/2025 = Fri 07/02."""
    assert Holiday.objects.filter(date=D(2025, 1, 29)).exists()
    assert workdays.add_working_days(D(2025, 1, 24), 5) == D(2025, 2, 7)


@pytest.mark.django_db
def test_thirty_working_days_across_30_4_and_1_5_2025():
    # from Tue 15/04/2025: Giỗ Tổ is before, 30/4 and 1/5 are skipped
    due = workdays.add_working_days(D(2025, 4, 15), 30)
    assert due == D(2025, 5, 29)
    assert workdays.working_days_between(D(2025, 4, 15), due) == 30


@settings(max_examples=40, deadline=None)
@given(
    start=st.dates(min_value=D(2023, 1, 1), max_value=D(2026, 6, 30)),
    days=st.integers(min_value=0, max_value=60),
)
def test_counting_back_gives_the_same_number(start, days):
    holidays = frozenset({D(2025, 1, 29), D(2024, 9, 2)})
    due = workdays.add_working_days(start, days, holidays)
    assert workdays.working_days_between(start, due, holidays) == days
    assert days == 0 or workdays.is_working_day(due, holidays)
