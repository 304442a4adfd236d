"""Dashboard panels of the organisation context (listed in settings.THIDUA_DASHBOARD_PANELS)."""

from . import selectors


def clusters(request) -> dict | None:
    terms = list(selectors.dashboard_terms(actor=request.user)[:30])
    if not terms:
        return None
    return {"template": "organisation/_dashboard_clusters.html", "terms": terms, "year": terms[0].year}
