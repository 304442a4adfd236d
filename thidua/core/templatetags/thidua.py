from django import template
from django.utils.html import format_html

from thidua.core import dates, text, widgets
from thidua.organisation import access

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action: str, unit) -> bool:
    """{% can "edit" unit as allowed %} — menus and buttons ask the one permission policy."""
    user = context["request"].user
    return access.can(user, access.Action(action), unit)


@register.simple_tag(takes_context=True)
def manages_accounts(context) -> bool:
    """{% manages_accounts as show %} — the menu entry of the account pages (admin, boards)."""
    return access.manages_accounts(context["request"].user)


@register.filter
def input_value(value) -> str:
    """value="{{ x|input_value }}" in a hand-written <input>: dot decimal, ISO date (see core.widgets)."""
    return widgets.input_value(value)


@register.filter
def number(value, places="-2") -> str:
    """A number shown (not typed): Vietnamese separators, 144000 → "144.000", 469204.8 → "469.204,80".

    `places` as in floatformat: "-2" (default) keeps 2 decimals only when there is a fraction, "1"
    always one. None and "" stay "" so `|default:"—"` still works.
    """
    return text.number(value, places)


@register.filter
def known_date(value, precision="day") -> str:
    """{{ c.date|known_date:c.date_precision }} → "ngày 15/11/2017", "tháng 11/2017", "năm 2017".

    Only the known part is shown: a date known to the year is never printed as 01/01. None → ""."""
    if value is None or value == "":
        return ""
    if isinstance(value, dates.KnownDate):
        return str(value)
    return str(dates.KnownDate(value, precision or dates.DatePrecision.DAY))


@register.filter
def known_date_short(value, precision="day") -> str:
    """As `known_date` without the word: "15/11/2017", "11/2017", "2017" (table cells)."""
    if value is None or value == "":
        return ""
    if isinstance(value, dates.KnownDate):
        return value.short()
    return dates.KnownDate(value, precision or dates.DatePrecision.DAY).short()


@register.filter
def get_item(mapping, key):
    """{{ grades|get_item:row.unit_id }}: a dict entry by a variable key ("" when absent)."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""


@register.simple_tag(takes_context=True)
def sort_link(context, key: str, label) -> str:
    """A column header that sorts the page's `listing` by `key` (again: the other way), keeping the
    querystring's filters and going back to page 1."""
    listing, request = context["listing"], context["request"]
    current = listing.sort_key == key
    next_sort = f"-{key}" if current and not listing.descending else key
    params = request.GET.copy()
    params["sort"] = next_sort
    params.pop("page", None)
    if current:
        state = "descending" if listing.descending else "ascending"
        return format_html(
            '<a class="sort" href="?{}" aria-sort="{}">{}</a>', params.urlencode(), state, label
        )
    return format_html('<a class="sort" href="?{}">{}</a>', params.urlencode(), label)
