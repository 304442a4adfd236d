"""Dates known to the day, the month or only the year (issue 16.3).

Real papers date a conference "ngày 15/11/2017", "tháng 11/2017" or just "năm 2019". A `KnownDate`
keeps what is known: `start` (the first day of the known span) and `precision`. `start` is a sort
key and the lower bound of the span, never a fact: "năm 2019" is never shown as 01/01/2019.

One representation for every app:

- models: a `DateField` + `precision_field()` pair, read and written through `known_date_property`;
- queries: `known_within(...)` matches the *whole* known span against a period ("năm 2019" is in the
  year 2019, not in its first quarter), `known_order(...)` sorts by the known part;
- forms: `KnownDateFormField` reads "15/11/2017", "11/2017", "2017", ISO "2017-11-15", "2017-11";
- templates: `{{ obj.date|known_date:obj.date_precision }}` → "ngày 15/11/2017", "tháng 11/2017",
  "năm 2017" (`{% load thidua %}`);
- API: `KnownDateIn` / `KnownDateOut` (core.schemas) — ISO 8601 with reduced precision: "2017",
  "2017-11", "2017-11-15".
"""

from __future__ import annotations

import calendar
import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MIN_YEAR, MAX_YEAR = 1900, 2200  # as core.schemas.Date: a day before/after stays a valid date


class DatePrecision(models.TextChoices):
    DAY = "day", _("ngày")
    MONTH = "month", _("tháng")
    YEAR = "year", _("năm")


_RANK = {DatePrecision.DAY: 0, DatePrecision.MONTH: 1, DatePrecision.YEAR: 2}


def _month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@dataclass(frozen=True)
class KnownDate:
    """A date known to `precision`; `start` is normalised to the first day of the known span."""

    start: datetime.date
    precision: str = DatePrecision.DAY

    def __post_init__(self) -> None:
        precision = DatePrecision(self.precision)
        start = self.start
        if isinstance(start, datetime.datetime):
            start = start.date()
        if precision == DatePrecision.MONTH:
            start = start.replace(day=1)
        elif precision == DatePrecision.YEAR:
            start = start.replace(month=1, day=1)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "precision", precision)

    # -- building ---------------------------------------------------------------------------------

    @classmethod
    def of(cls, value: KnownDate | datetime.date | str) -> KnownDate:
        """A KnownDate from a KnownDate, a full date (known to the day) or a text (see `parse`)."""
        if isinstance(value, KnownDate):
            return value
        if isinstance(value, datetime.date):
            return cls(value, DatePrecision.DAY)
        return cls.parse(value)

    @classmethod
    def parse(cls, text: str) -> KnownDate:
        """Read "15/11/2017", "15-11-2017", "15.11.2017", "2017-11-15", "11/2017", "2017-11", "2017",
        optionally after "ngày"/"tháng"/"năm". Raises ValueError with a Vietnamese message."""
        if not isinstance(text, str):
            raise ValueError(str(INVALID_MESSAGE))
        cleaned = unicodedata.normalize("NFC", text).strip().lower()
        cleaned = _PREFIX.sub("", cleaned).strip()
        if len(cleaned) > 20:
            raise ValueError(str(INVALID_MESSAGE))
        for pattern, precision in _PATTERNS:
            match = pattern.fullmatch(cleaned)
            if match is None:
                continue
            parts = match.groupdict()
            year = int(parts["year"])
            month = int(parts.get("month") or 1)
            day = int(parts.get("day") or 1)
            if not MIN_YEAR <= year <= MAX_YEAR:
                raise ValueError(
                    gettext("Năm phải trong khoảng {low}–{high}.").format(low=MIN_YEAR, high=MAX_YEAR)
                )
            try:
                start = datetime.date(year, month, day)
            except ValueError:
                raise ValueError(
                    gettext("Ngày hoặc tháng không có thật: “{text}”.").format(text=text)
                ) from None
            return cls(start, precision)
        raise ValueError(str(INVALID_MESSAGE))

    # -- reading ----------------------------------------------------------------------------------

    @property
    def end(self) -> datetime.date:
        """The last day of the known span."""
        if self.precision == DatePrecision.DAY:
            return self.start
        if self.precision == DatePrecision.MONTH:
            return _month_end(self.start)
        return self.start.replace(month=12, day=31)

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def is_day(self) -> bool:
        return self.precision == DatePrecision.DAY

    def iso(self) -> str:
        """ISO 8601 with reduced precision: "2017", "2017-11", "2017-11-15"."""
        if self.precision == DatePrecision.YEAR:
            return f"{self.start.year:04d}"
        if self.precision == DatePrecision.MONTH:
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return self.start.isoformat()

    def short(self) -> str:
        """ "15/11/2017", "11/2017", "2017" (in a table cell, after a label)."""
        if self.precision == DatePrecision.YEAR:
            return f"{self.start.year}"
        if self.precision == DatePrecision.MONTH:
            return f"{self.start.month:02d}/{self.start.year}"
        return f"{self.start:%d/%m/%Y}"

    def __str__(self) -> str:
        """ "ngày 15/11/2017", "tháng 11/2017", "năm 2017" — only what is known."""
        if self.precision == DatePrecision.YEAR:
            return gettext("năm {year}").format(year=self.short())
        if self.precision == DatePrecision.MONTH:
            return gettext("tháng {month}").format(month=self.short())
        return gettext("ngày {day}").format(day=self.short())

    def within(self, start: datetime.date, end: datetime.date) -> bool:
        """The whole known span lies in [start, end]: "năm 2019" is within 2019, not within Q1/2019."""
        return start <= self.start and self.end <= end

    def sort_key(self) -> tuple[datetime.date, int]:
        return (self.start, _RANK[DatePrecision(self.precision)])


INVALID_MESSAGE = _(
    "Ngày không hợp lệ: hãy ghi ngày/tháng/năm (15/11/2017), tháng/năm (11/2017) hoặc năm (2017)."
)
_PREFIX = re.compile(r"^(ngày|tháng|năm)\s+")
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"), DatePrecision.DAY),
    (re.compile(r"(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4})"), DatePrecision.DAY),
    (re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})"), DatePrecision.MONTH),
    (re.compile(r"(?P<month>\d{1,2})[/.-](?P<year>\d{4})"), DatePrecision.MONTH),
    (re.compile(r"(?P<year>\d{4})"), DatePrecision.YEAR),
]


# -- models ------------------------------------------------------------------------------------------


def precision_field(verbose_name: Any = None) -> models.CharField:
    """The precision column beside a DateField (existing rows are known to the day)."""
    return models.CharField(
        verbose_name or _("ngày biết đến"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )


def known_date_property(date_field: str, precision_field_name: str) -> property:
    """`obj.<name>` reads a KnownDate (None when the date is empty) and writes both columns."""

    def getter(obj: Any) -> KnownDate | None:
        value = getattr(obj, date_field)
        if value is None:
            return None
        return KnownDate(value, getattr(obj, precision_field_name) or DatePrecision.DAY)

    def setter(obj: Any, value: KnownDate | datetime.date | str | None) -> None:
        if value is None:
            setattr(obj, date_field, None)
            setattr(obj, precision_field_name, DatePrecision.DAY)
            return
        known = KnownDate.of(value)
        setattr(obj, date_field, known.start)
        setattr(obj, precision_field_name, known.precision)

    return property(getter, setter)


def within_bounds(
    start: datetime.date, end: datetime.date, precision: str
) -> tuple[datetime.date, datetime.date] | None:
    """The range of stored `start` values of the given precision whose whole span lies in [start, end]
    (None when no such span exists). Pure, so it is property-tested against `KnownDate.within`."""
    if end < start:
        return None
    precision = DatePrecision(precision)
    if precision == DatePrecision.DAY:
        return (start, end)
    if precision == DatePrecision.MONTH:
        low = start if start.day == 1 else _month_end(start) + datetime.timedelta(days=1)
        after = end + datetime.timedelta(days=1)
        high = datetime.date(after.year, after.month, 1)  # first month not fully covered
        high = (high.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    else:
        low = start if (start.month, start.day) == (1, 1) else datetime.date(start.year + 1, 1, 1)
        after = end + datetime.timedelta(days=1)
        high = datetime.date(after.year - 1, 1, 1)
    if high < low:
        return None
    return (low, high)


def known_within(date_field: str, precision_field_name: str, start: datetime.date, end: datetime.date) -> Q:
    """Rows whose whole known span lies in [start, end] (for a period: "năm 2019" matches the year, not Q1)."""
    condition = Q(pk__in=[])
    for precision in DatePrecision.values:
        bounds = within_bounds(start, end, precision)
        if bounds is not None:
            condition |= Q(
                **{
                    precision_field_name: precision,
                    f"{date_field}__gte": bounds[0],
                    f"{date_field}__lte": bounds[1],
                }
            )
    return condition


def precision_rank(precision_field_name: str) -> Case:
    """0 for a day, 1 for a month, 2 for a year: with the date, orders by the known part."""
    return Case(
        *[When(**{precision_field_name: p}, then=Value(rank)) for p, rank in _RANK.items()],
        default=Value(0),
        output_field=IntegerField(),
    )


# -- forms -------------------------------------------------------------------------------------------


class KnownDateInput(forms.TextInput):
    """A text input holding the ISO reading of what is known ("2017", "2017-11", "2017-11-15")."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {"placeholder": "15/11/2017 · 11/2017 · 2017", "inputmode": "numeric", "maxlength": "20"}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if value is None or value == "":
            return None
        if isinstance(value, KnownDate):
            return value.iso()
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value)  # a bound value as the user typed it (shown again with its error)


class KnownDateFormField(forms.Field):
    widget = KnownDateInput
    default_error_messages = {"invalid": INVALID_MESSAGE}

    def to_python(self, value: Any) -> KnownDate | None:
        if value in self.empty_values:
            return None
        if isinstance(value, (KnownDate, datetime.date)):
            return KnownDate.of(value)
        if "\x00" in str(value):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return KnownDate.parse(str(value))
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None
