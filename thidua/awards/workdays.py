"""The Vietnamese working calendar: Saturdays, Sundays and the Holiday rows are days off."""

import datetime
from collections.abc import Iterable

from .models import Holiday


def holidays_between(start: datetime.date, end: datetime.date) -> frozenset[datetime.date]:
    return frozenset(Holiday.objects.filter(date__range=(start, end)).values_list("date", flat=True))


def is_working_day(day: datetime.date, holidays: Iterable[datetime.date] = ()) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(
    start: datetime.date, days: int, holidays: frozenset[datetime.date] | None = None
) -> datetime.date:
    """The date on which `days` working days counted after `start` have elapsed.

    The day of receipt is not counted (the count starts the next working day).
    """
    if holidays is None:
        # generous window: every 5 working days span at most 7 calendar days, plus Tết
        holidays = holidays_between(start, start + datetime.timedelta(days=days * 2 + 30))
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays):
            remaining -= 1
    return day


def working_days_between(
    start: datetime.date, end: datetime.date, holidays: frozenset[datetime.date] | None = None
) -> int:
    """Working days after `start` up to and including `end` (negative when `end` is before `start`)."""
    if end < start:
        return -working_days_between(end, start, holidays)
    if holidays is None:
        holidays = holidays_between(start, end)
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays):
            count += 1
    return count
