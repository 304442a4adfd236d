"""Dashboard panels of this capability (listed in settings.THIDUA_DASHBOARD_PANELS).

A panel is a function (request) -> {"template": "<app>/_panel.html", ...context} or None.
"""


def summary(request) -> dict | None:
    return None
