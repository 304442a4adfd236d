"""Dashboard panel: the way to the activity log, for the system admin only."""

from thidua.organisation.access import is_admin


def activity(request) -> dict | None:
    if not request.user.is_authenticated or not is_admin(request.user):
        return None
    return {"template": "audit/_panel.html"}
