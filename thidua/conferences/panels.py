"""Dashboard panel of the conferences capability (listed in settings.THIDUA_DASHBOARD_PANELS)."""

from . import selectors


def summary(request) -> dict | None:
    conferences = list(selectors.conference_list(actor=request.user)[:5])
    if not conferences:
        return None
    return {"template": "conferences/_panel.html", "conferences": conferences}
