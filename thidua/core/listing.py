"""Long lists: one page of rows, a whitelisted sort and the querystring kept (issue 15.12).

    listing = paginate(request, records, sorts={"year": ("year", "pk"), "name": ("recipient_name", "pk")},
                       default="-year")
    {{ listing.page.object_list }} · {% sort_link "year" _("Năm") %} · {% include "core/_pager.html" %}

`?sort=` takes a key of `sorts`, optionally with a leading "-" (descending); anything else — unknown,
huge, NUL, a field name the page does not offer — gives the default order, never an error. `?page=`
goes through Django's Paginator.get_page (junk → first page, past the end → last page).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .errors import DomainError

PER_PAGE = 50
MAX_PARAM = 40  # a sort key or page number longer than this is not one
MAX_QUERY = 200


class InvalidFilter(DomainError):
    code, status = "invalid_filter", 400
    message = _("Giá trị lọc “{label}” không hợp lệ: {value}.")


def filter_int(value: str | None, *, label: Any, low: int = 1, high: int = 2_147_483_647) -> int | None:
    """An optional integer filter of a list (?year=, ?unit=): empty → None, junk or out of range → 400."""
    if value is None or value.strip() == "":
        return None
    text = value.strip()
    if len(text) > 12 or not text.isascii() or not text.isdigit() or not low <= int(text) <= high:
        raise InvalidFilter(label=label, value=text[:20])
    return int(text)


def search_query(value: str | None) -> str:
    """The search box: at most MAX_QUERY characters, no NUL or other control character (→ 400)."""
    text = (value or "").strip()
    if len(text) > MAX_QUERY or any(ord(char) < 32 for char in text):
        raise InvalidFilter(label=_("Tìm kiếm"), value=repr(text[:20]))
    return text


def list_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A list page given a bad filter answers 400 with the reason, in Vietnamese."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except InvalidFilter as error:
            return render(request, "core/error.html", {"error": error}, status=error.status)

    return wrapper


@dataclass(frozen=True)
class Listing:
    page: Page
    sort: str  # the key in effect, "-key" when descending
    default_sort: str

    @property
    def sort_key(self) -> str:
        return self.sort.lstrip("-")

    @property
    def descending(self) -> bool:
        return self.sort.startswith("-")

    @property
    def rows(self):
        return self.page.object_list

    @property
    def page_range(self) -> list[int | None]:
        """Page numbers around the current one; None where the pager shows "…"."""
        paginator = self.page.paginator
        return [
            number if isinstance(number, int) else None
            for number in paginator.get_elided_page_range(self.page.number, on_each_side=2, on_ends=1)
        ]


def sort_value(value: str | None, sorts: dict[str, tuple[str, ...]], default: str) -> str:
    """`value` when it is a whitelisted key (or "-key"), else the default."""
    value = (value or "")[:MAX_PARAM]
    return value if value.removeprefix("-") in sorts else default


def sort_param(request: HttpRequest, sorts: dict[str, tuple[str, ...]], default: str) -> str:
    return sort_value(request.GET.get("sort"), sorts, default)


def ordered(queryset: QuerySet, sorts: dict[str, tuple[str, ...]], sort: str) -> QuerySet:
    fields = sorts[sort.lstrip("-")]
    if sort.startswith("-"):
        fields = tuple(field[1:] if field.startswith("-") else f"-{field}" for field in fields)
    return queryset.order_by(*fields)


def paginate(
    request: HttpRequest,
    queryset: QuerySet,
    *,
    sorts: dict[str, tuple[str, ...]],
    default: str,
    per_page: int = PER_PAGE,
) -> Listing:
    """The requested page of `queryset` in the requested (whitelisted) order."""
    sort = sort_param(request, sorts, default)
    page_number = request.GET.get("page", "1")[:MAX_PARAM]
    page = Paginator(ordered(queryset, sorts, sort), per_page).get_page(page_number)
    return Listing(page=page, sort=sort, default_sort=default)


def paginate_list(
    request: HttpRequest,
    rows: list,
    *,
    sorts: dict[str, Callable[[Any], Any]],
    default: str,
    per_page: int = PER_PAGE,
) -> Listing:
    """As `paginate` for rows computed in Python (eligibility): `sorts` maps a key to a sort-key function."""
    sort = sort_param(request, sorts, default)  # type: ignore[arg-type]
    ordered_rows = sorted(rows, key=sorts[sort.removeprefix("-")], reverse=sort.startswith("-"))
    page = Paginator(ordered_rows, per_page).get_page(request.GET.get("page", "1")[:MAX_PARAM])
    return Listing(page=page, sort=sort, default_sort=default)


def matches(query: str, *texts: str | None) -> bool:
    """Every folded word of `query` is in one of `texts` (folded): the search of Python-computed rows."""
    from .text import fold, search_terms

    haystack = " ".join(fold(text) for text in texts if text)
    return all(word in haystack for word in search_terms(query))
