"""Dashboard panel: reminders (reports due/overdue, awaiting approval/acceptance) and late flags."""

from django.urls import reverse

from . import selectors

SHOWN = 12  # items on the dashboard; the rest are counted ("và N việc khác")


def summary(request) -> dict | None:
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return None
    everything = selectors.reminders(actor=user, limit=None)
    items = everything[:SHOWN]
    for item in items:
        name, *args = item.url_args
        item.url = reverse(f"emulation:{name}", args=args)  # type: ignore[attr-defined]
    late = list(selectors.late_reports(actor=user)[:10])
    if not items and not late:
        return None
    return {
        "template": "emulation/_panel.html",
        "reminders": items,
        "more": len(everything) - len(items),
        "late": late,
    }
