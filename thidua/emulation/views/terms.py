"""A cluster term's emulation page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.core.htmx import domain_errors
from thidua.organisation import access
from thidua.organisation.access import Action

from .. import selectors, services
from ..forms import TermResultForm

# -- term ----------------------------------------------------------------------------------------


@login_required
@require_GET
@domain_errors
def term(request: AuthenticatedHttpRequest, term_id: int) -> HttpResponse:
    return _term_page(request, selectors.term_get(actor=request.user, term_id=term_id))


def _term_page(
    request: AuthenticatedHttpRequest, cluster_term, result_form: TermResultForm | None = None
) -> HttpResponse:
    can_manage = access.can_term(request.user, Action.MANAGE_TERM, cluster_term)
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
        "can_manage": can_manage,
        "results": selectors.term_results(term=cluster_term),
    }
    if can_manage:
        context["result_form"] = result_form or TermResultForm(
            units=selectors.term_member_units(term=cluster_term)
        )
    return render(request, "emulation/term.html", context, status=422 if result_form else 200)


@login_required
@require_POST
@domain_errors
def term_result_add(request: AuthenticatedHttpRequest, term_id: int) -> HttpResponse:
    """Record a result the papers count (16.7), for a member unit or the cluster as a whole."""
    cluster_term = selectors.term_get(actor=request.user, term_id=term_id)
    services.term_result_check(actor=request.user, term=cluster_term)
    units = list(selectors.term_member_units(term=cluster_term))
    form = TermResultForm(request.POST, units=units)
    if not form.is_valid():
        return _term_page(request, cluster_term, result_form=form)
    data = form.cleaned_data
    unit_id = data.pop("unit")
    unit = next((u for u in units if u.pk == unit_id), None)
    services.term_result_record(actor=request.user, term=cluster_term, unit=unit, **data)
    messages.success(request, _("Đã ghi kết quả."))
    return redirect("emulation:term", term_id=cluster_term.pk)


@login_required
@require_POST
@domain_errors
def term_result_remove(request: AuthenticatedHttpRequest, result_id: int) -> HttpResponse:
    result = selectors.term_result_get(actor=request.user, result_id=result_id)
    services.term_result_delete(actor=request.user, result=result)
    messages.success(request, _("Đã xóa kết quả."))
    return redirect("emulation:term", term_id=result.term_id)
