"""Dashboard panel of the scoring capability (listed in settings.THIDUA_DASHBOARD_PANELS)."""

from . import selectors


def summary(request) -> dict | None:
    """The latest scores of the user's own units (or, for cluster managers, the leaders of their terms)."""
    sheets = list(selectors.dashboard_sheets(actor=request.user)[:8])
    if not sheets:
        return None
    return {"template": "scoring/_panel.html", "sheets": sheets}
