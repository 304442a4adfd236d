"""Vietnamese wording for official papers: dates, numbers in words, percentages.

- Dates follow Decree 30/2020 (Phụ lục I): a leading zero for days below 10 and for months 1 and 2
  ("ngày 06 tháng 02 năm 2024", "ngày 16 tháng 7 năm 2024").
- Numbers in words follow the usual reading rules: "mốt" for a final 1 after "mươi", "lăm" for a
  final 5 after a ten, "linh" for a zero ten before a unit, "không trăm" inside a large number.
- Decimals use a comma, thousands a dot ("1.234,5"; "66,67%").
"""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from thidua.core.dates import DatePrecision, KnownDate

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
SCALES = ("", "nghìn", "triệu", "tỷ")


def as_date(value) -> datetime.date | None:
    """A date from a date, datetime or ISO string ("2024-07-16"); None when empty."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    if "/" in text[:3]:  # "16/07/2024", "6/7/2024"
        day, month, year = (int(part) for part in text.split(" ")[0].split("/"))
        return datetime.date(year, month, day)
    return datetime.date.fromisoformat(text[:10])


def time_vi(value) -> str:
    """ "08 giờ 00" from a time, a datetime (in local time) or "08:00"; "" when empty."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.time()
    if isinstance(value, datetime.time):
        return f"{value.hour:02d} giờ {value.minute:02d}"
    text = str(value)
    if "T" in text:
        return time_vi(datetime.datetime.fromisoformat(text))
    hour, _sep, rest = text.partition(":")
    return f"{int(hour):02d} giờ {int(rest[:2] or 0):02d}" if hour.isdigit() else text


def partial_date(value) -> KnownDate | None:
    """A date known only to the month or the year, as the data gives it: a KnownDate or an ISO
    "2019" / "2019-11" (core.dates, 16.3); None for a full date."""
    if isinstance(value, KnownDate):
        return None if value.is_day else value
    if isinstance(value, str) and re.fullmatch(r"\d{4}(-\d{2})?", value.strip()):
        return KnownDate.parse(value.strip())
    return None


def date_vi(value) -> str:
    """ "ngày 16 tháng 7 năm 2024"; "ngày 06 tháng 02 năm 2024" (Decree 30 leading zeros);
    "tháng 11 năm 2017" or "năm 2019" when only that is known (never an invented day)."""
    partial = partial_date(value)
    if partial is not None:
        if partial.precision == DatePrecision.YEAR:
            return f"năm {partial.year}"
        return f"tháng {partial.start.month} năm {partial.year}"
    if isinstance(value, KnownDate):
        value = value.start
    day = as_date(value)
    if day is None:
        return "ngày … tháng … năm …"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_date_vi(place: str, value) -> str:
    """ "Tiền Giang, ngày 16 tháng 7 năm 2024" (the place-and-date line under the motto)."""
    text = date_vi(value)
    return f"{place}, {text}" if place else text[0].upper() + text[1:]


def short_date_vi(value) -> str:
    """ "16/7/2024" as printed in running text ("Ngày 16/7, ..." in news style); "11/2017" or
    "2019" for a date known only to the month or the year."""
    partial = partial_date(value)
    if partial is not None:
        return partial.short() if partial.precision == DatePrecision.MONTH else str(partial.year)
    if isinstance(value, KnownDate):
        value = value.start
    day = as_date(value)
    return f"{day.day}/{day.month}/{day.year}" if day else ""


def _three(number: int, full: bool) -> list[str]:
    """Words for 0..999. `full`: a non-leading group, which reads its zero hundreds and tens."""
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and (hundreds or full):
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        else:
            words.append(DIGITS[units])
    return words


def _words(number: int, full_leading: bool) -> list[str]:
    if number >= 1000**4:  # thousands of billions: "một nghìn tỷ"
        high, low = divmod(number, 1000**3)
        return _words(high, full_leading) + ["tỷ"] + (_words(low, True) if low else [])
    groups: list[int] = []
    while number:
        number, group = divmod(number, 1000)
        groups.append(group)
    words: list[str] = []
    top = len(groups) - 1
    for index in range(top, -1, -1):
        if groups[index] == 0:
            continue
        words += _three(groups[index], full=full_leading or index != top)
        if SCALES[index]:
            words.append(SCALES[index])
    return words


def number_words(number: int) -> str:
    """125 → "một trăm hai mươi lăm"; 21 → "hai mươi mốt"; 105 → "một trăm linh năm";
    1005 → "một nghìn không trăm linh năm"; 2_000_000_000 → "hai tỷ"."""
    number = int(number)
    if number == 0:
        return DIGITS[0]
    if number < 0:
        return "âm " + number_words(-number)
    return " ".join(_words(number, False))


def count_with_words(number: int, width: int = 2) -> str:
    """ "06 (sáu)": quantities in minutes are written in figures and in words."""
    return f"{int(number):0{width}d} ({number_words(number)})"


def _to_decimal(value) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValueError(f"not a number: {value!r}") from None


def decimal_vi(value, digits: int = 2, strip: bool = True) -> str:
    """1234.5 → "1.234,5": dot for thousands, comma for decimals, half-up rounding."""
    number = _to_decimal(value)
    quantum = Decimal(1).scaleb(-digits)
    rounded = number.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    text = f"{abs(rounded):.{digits}f}"
    whole, _sep, fraction = text.partition(".")
    whole = f"{int(whole):,}".replace(",", ".")
    if strip:
        fraction = fraction.rstrip("0")
    return f"{sign}{whole},{fraction}" if fraction else f"{sign}{whole}"


def percent_vi(value, digits: int = 2) -> str:
    """66.666 → "66,67%"; 50 → "50%"; 12.5 → "12,5%"."""
    return decimal_vi(value, digits) + "%"


def percent_of(part, whole, digits: int = 2) -> str:
    """Share of `part` in `whole` as Vietnamese percent text ("83,33%"); "0%" when whole is 0."""
    whole_d = _to_decimal(whole)
    if whole_d == 0:
        return "0%"
    return percent_vi(_to_decimal(part) * 100 / whole_d, digits)


def number_symbol(number, symbol: str) -> str:
    """ "Số: 12/BC-CAT". Without a number the space is left for the clerk: "Số:     /BC-CAT"."""
    number_text = str(number).strip() if number not in (None, "") else "\u00a0" * 6
    return f"Số: {number_text}/{symbol}" if symbol else f"Số: {number_text}"


def upper(text: str) -> str:
    """Uppercase, leaving template placeholders ("{{ issuer }}") as they are."""
    text = text or ""
    return text if "{{" in text or "{%" in text else text.upper()


def capitalize_first(text: str) -> str:
    text = (text or "").strip()
    return text[:1].upper() + text[1:]


def join_names(names, last: str = "và") -> str:
    """["A", "B", "C"] → "A, B và C"."""
    items = [str(n) for n in names if str(n).strip()]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def quoted(text: str) -> str:
    """A model's name in quotes ("“Tổ công tác đặc biệt 123”") unless it already has them."""
    text = (text or "").strip()
    return text if not text or "“" in text or '"' in text else f"“{text}”"
