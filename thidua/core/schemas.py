"""Bounded input types for the ninja schemas of every app.

Every input the API accepts has a documented bound that the database can store: integers within
their column's range, strings with a maximum length and without NUL characters (PostgreSQL refuses
them), lists with a maximum number of items. `thidua/api/tests/test_openapi.py` fails when an input
field of the OpenAPI schema has no bound, so a new field cannot forget it.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import BeforeValidator, Field, PlainSerializer, WithJsonSchema
from pydantic_core import PydanticUndefined

from .dates import INVALID_MESSAGE, KnownDate

# No NUL character (PostgreSQL text columns cannot hold one); `\x00` reads the same in Python, Rust
# (pydantic-core) and ECMA regular expressions, so the OpenAPI schema documents the rule too.
NO_NUL = r"^[^\x00]*$"

MAX_ID = 2**63 - 1  # BigAutoField
MAX_SMALL = 32767  # PositiveSmallIntegerField
MAX_INT = 2147483647  # PositiveIntegerField
MAX_ITEMS = 1000  # ids or rows in one request

# Text sizes: one line (a name, a title) and free text by purpose.
NAME = 255
NOTE = 2000
REASON = 4000
NARRATIVE = 20000  # a report narrative, an achievement, conclusions, findings
LONG_NARRATIVE = 100000  # the body of a press release
SEARCH = 200

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Year = Annotated[int, Field(ge=2000, le=2100)]
SmallCount = Annotated[int, Field(ge=0, le=MAX_SMALL)]
Count = Annotated[int, Field(ge=0, le=MAX_INT)]
# A calendar day the services can compute with (a day before/after stays a valid date).
Date = Annotated[datetime.date, Field(ge=datetime.date(1900, 1, 1), le=datetime.date(2200, 12, 31))]
Search = Annotated[str, Field(max_length=SEARCH, pattern=NO_NUL)]
Code = Annotated[str, Field(max_length=60, pattern=NO_NUL)]
# The optimistic-lock version a write carries (core.versioning: PositiveIntegerField).
Version = Annotated[int, Field(ge=1, le=MAX_INT)]
IdList = Annotated[list[Id], Field(max_length=MAX_ITEMS)]
Offset = Annotated[int, Field(ge=0, le=MAX_INT)]  # with a `limit: int = Query(n, ge=1, le=max)`


# The default of a PATCH field whose column is NOT NULL: leaving the field out keeps the value, an
# explicit null is refused (the field is not nullable) and the schema shows no "default": null.
OMIT: Any = object()


def _omit(default: Any, kwargs: dict[str, Any]) -> Any:
    if default is OMIT:
        kwargs["json_schema_extra"] = _without_default
        return None
    return default


def _without_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def Omitted(**kwargs: Any) -> Any:  # noqa: N802
    """`Field(OMIT)` for a non-text field: may be left out of a PATCH, may not be null."""
    return Field(None, json_schema_extra=_without_default, **kwargs)


def Text(  # noqa: N802 - used like pydantic's Field
    default: Any = PydanticUndefined, *, max_length: int, min_length: int | None = None, **kwargs: Any
) -> Any:
    """A string field of at most `max_length` characters and no NUL character."""
    default = _omit(default, kwargs)
    return Field(default, min_length=min_length, max_length=max_length, pattern=NO_NUL, **kwargs)


# pydantic documents a Decimal as "a number or any string": the string form is bounded as well.
DECIMAL_PATTERN = r"^-?[0-9]{1,12}(\.[0-9]{1,2})?$"


def Decimals(  # noqa: N802
    default: Any = PydanticUndefined, *, ge: Any, le: Any, places: int = 2, **kwargs: Any
) -> Any:
    """A decimal number in [ge, le] with at most `places` decimals (fits its DecimalField)."""
    omitted = default is OMIT
    default = None if omitted else default

    def schema_extra(schema: dict[str, Any]) -> None:
        if omitted:
            schema.pop("default", None)
        for branch in schema.get("anyOf", [schema]):
            if branch.get("type") == "string":
                branch.update(maxLength=16, pattern=DECIMAL_PATTERN)

    return Field(
        default,
        ge=Decimal(ge),
        le=Decimal(le),
        decimal_places=places,
        max_digits=12 + places,
        json_schema_extra=schema_extra,
        **kwargs,
    )


def Points(default: Any = PydanticUndefined, *, ge: Any = 0, le: Any = 10000, **kwargs: Any) -> Any:  # noqa: N802
    """Points of a criterion, rule or score: DecimalField(max_digits>=7, decimal_places=2)."""
    return Decimals(default, ge=ge, le=le, **kwargs)


def Items(default: Any = PydanticUndefined, *, max_length: int = MAX_ITEMS, **kwargs: Any) -> Any:  # noqa: N802
    """A list of at most `max_length` items."""
    return Field(default, max_length=max_length, **kwargs)


# -- dates known to the day, the month or the year (core.dates, issue 16.3) -------------------------

KNOWN_DATE_PATTERN = r"^([0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?|([0-9]{1,2}/)?[0-9]{1,2}/[0-9]{4})$"
KNOWN_DATE_ISO_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"


def _known_date_in(value: Any) -> KnownDate:
    if isinstance(value, (KnownDate, datetime.date)):
        return KnownDate.of(value)
    if not isinstance(value, str) or len(value) > 20:
        raise ValueError(str(INVALID_MESSAGE))
    return KnownDate.parse(value)  # ValueError with a Vietnamese message → 422


def _known_date_out(value: Any) -> str | None:
    if value is None:
        return None
    return KnownDate.of(value).iso()


# A date as far as it is known: "2019" (year), "2019-11" (month), "2019-11-15" (day); the API also
# reads "11/2019" and "15/11/2019". Never completed to a day that the papers do not give.
KnownDateIn = Annotated[
    Any,
    BeforeValidator(_known_date_in),
    PlainSerializer(_known_date_out, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "maxLength": 10,
            "pattern": KNOWN_DATE_PATTERN,
            "examples": ["2019", "2019-11", "2019-11-15"],
            "description": "Ngày biết đến: năm (2019), tháng (2019-11 hoặc 11/2019) hoặc ngày "
            "(2019-11-15 hoặc 15/11/2019).",
        }
    ),
]
KnownDateOut = Annotated[
    Any,
    PlainSerializer(_known_date_out, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": KNOWN_DATE_ISO_PATTERN,
            "examples": ["2019", "2019-11", "2019-11-15"],
            "description": "ISO 8601 với độ chính xác đã biết: năm, năm-tháng hoặc ngày; xem `date_precision`.",
        }
    ),
]


# -- the error bodies of the API (api/errors.py turns every error into one; an app may extend them) ---


class FieldErrorOut(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    """Every error of the API: a code, a Vietnamese message, its parameters (and the field at fault)."""

    code: str
    message: str
    params: dict[str, str]
    field: str | None = None


class ValidationErrorOut(ErrorOut):
    """422: the input did not validate; one entry per field at fault."""

    errors: list[FieldErrorOut] = []
