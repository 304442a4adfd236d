"""Dashboard panel: reminders (reports due/overdue, awaiting approval/acceptance) and late flags."""

from django.urls import reverse

from . import selectors


def summary(request) -> dict | None:
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return None
    items = selectors.reminders(actor=user)
    for item in items:
        name, *args = item.url_args
        item.url = reverse(f"emulation:{name}", args=args)  # type: ignore[attr-defined]
    late = list(selectors.late_reports(actor=user)[:10])
    if not items and not late:
        return None
    return {"template": "emulation/_panel.html", "reminders": items, "late": late}
