"""Form inputs the browser can read back (one rule for the whole app, issue 13.2 / 15.11).

`<input type="number">` only parses a dot decimal ("110.00"): a localised "110,00" shows as an
empty box and the next save sends a blank. `<input type="date">` only parses ISO ("2025-01-31"):
"31/01/2025" shows "mm/dd/yyyy" and blocks saving. So the value written into these inputs is never
localised; the Vietnamese reading ("110,00", "31/01/2025") is shown beside it where helpful.

Forms use `NumberInput` / `DateInput` below; hand-written inputs in templates use the
`{{ value|input_value }}` filter (`{% load thidua %}`), which applies the same `input_value()`.
"""

import datetime
from decimal import Decimal
from typing import Any

from django import forms

ISO_DATE = "%Y-%m-%d"


def input_value(value: Any) -> str:
    """The text to put in an input's `value`: dot decimal, ISO date, "" for None; strings as typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, datetime.date):
        return value.strftime(ISO_DATE)
    if isinstance(value, Decimal):
        return format(value, "f")  # never "1E+2", never a comma
    if isinstance(value, float):
        return repr(value)
    return str(value)


class NumberInput(forms.NumberInput):
    """`type=number` with a dot decimal whatever the language or the field's `localize`."""

    def format_value(self, value: Any) -> str | None:
        if value is None or value == "":
            return None
        return input_value(value)


class DateInput(forms.DateInput):
    """`type=date` holding an ISO value, so the browser shows the saved date."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=ISO_DATE)

    def format_value(self, value: Any) -> str | None:
        if value is None or value == "":
            return None
        if isinstance(value, datetime.date):
            return input_value(value)
        return str(value)  # a bound value as the user sent it (shown again with its error)
