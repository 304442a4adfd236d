"""A cluster term's emulation page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from thidua.core.htmx import domain_errors
from thidua.organisation import access
from thidua.organisation.access import Action

from .. import selectors

# -- term ----------------------------------------------------------------------------------------


@login_required
@require_GET
@domain_errors
def term(request: HttpRequest, term_id: int) -> HttpResponse:
    cluster_term = selectors.term_get(actor=request.user, term_id=term_id)
    periods = selectors.term_periods(term=cluster_term)
    period = selectors.latest_reported_period(term=cluster_term)
    context = {
        "term": cluster_term,
        "covenant": selectors.covenant_for_term(actor=request.user, term=cluster_term),
        "statuses": selectors.term_status(term=cluster_term, periods=periods),
        "viewable": {
            u.pk
            for u in selectors.term_member_units(term=cluster_term)
            if selectors.can_view_unit_data(request.user, cluster_term, u)
        },
        "periods": periods,
        "progress": selectors.term_progress(actor=request.user, term=cluster_term, period=period)
        if period
        else None,
        "can_manage": access.can_term(request.user, Action.MANAGE_TERM, cluster_term),
    }
    return render(request, "emulation/term.html", context)
