"""The emulation index: movements, the standard periods, a term's deadlines."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.core.errors import NotFound
from thidua.core.htmx import domain_errors
from thidua.organisation.models import Unit

from .. import selectors, services
from ..forms import (
    DeadlineForm,
    MovementForm,
)
from ._common import _years


@login_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    years = _years(request)
    try:
        year = int(request.GET.get("year") or (years[0] if years else datetime.date.today().year))
    except ValueError:
        year = years[0] if years else datetime.date.today().year
    return render(request, "emulation/index.html", _index_context(request, year, years))


def _index_context(
    request: AuthenticatedHttpRequest, year: int, years: list[int], movement_form=None
) -> dict:
    owners = selectors.managed_owners(actor=request.user)
    terms = list(selectors.term_list(actor=request.user, year=year))
    if movement_form is None and owners:
        movement_form = _movement_form(owners, terms, year)
    return {
        "year": year,
        "years": years,
        "terms": terms,
        "movements": selectors.movement_list(actor=request.user, year=year),
        "owners": [(owner, list(selectors.owner_periods(owner=owner, year=year))) for owner in owners],
        "movement_form": movement_form,
    }


def _movement_form(owners: list[Unit], terms: list, year: int, data=None) -> MovementForm:
    """The launch form: the user's boards, and the clusters of `terms` (that year's) those boards own."""
    owner_ids = {owner.pk for owner in owners}
    owned = [t for t in terms if t.cluster.owner_id in owner_ids]
    initial = {"start_date": datetime.date(year, 1, 1), "end_date": datetime.date(year, 12, 31)}
    return MovementForm(data, owners=owners, terms=owned, initial=initial)


@login_required
@require_POST
@domain_errors
def movement_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The board launches a movement (regular, special, peak campaign, project) for its clusters."""
    owners = selectors.managed_owners(actor=request.user)
    if not owners:
        raise NotFound()
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = datetime.date.today().year
    terms = list(selectors.term_list(actor=request.user, year=year))
    form = _movement_form(owners, terms, year, data=request.POST)
    if not form.is_valid():
        context = _index_context(request, year, _years(request), movement_form=form)
        return render(request, "emulation/index.html", context, status=422)
    data = form.cleaned_data
    owner = form.owners[data.pop("owner")]
    terms = [form.terms_by_id[pk] for pk in data.pop("terms")]
    movement = services.movement_create(actor=request.user, owner=owner, terms=terms, **data)
    messages.success(request, _("Đã phát động phong trào “%(name)s”.") % {"name": movement.name})
    return redirect(f"{reverse('emulation:index')}?year={year}")


@login_required
@require_POST
@domain_errors
def periods_standard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The owner's board creates Q1–Q4, the 6-month and the year-end review for a year."""
    owner_id, year = request.POST.get("owner", ""), request.POST.get("year", "")
    owner = next((o for o in selectors.managed_owners(actor=request.user) if str(o.pk) == owner_id), None)
    if owner is None or not year.isdigit():
        raise NotFound()
    services.periods_create_standard(actor=request.user, owner=owner, year=int(year))
    messages.success(request, _("Đã tạo các kỳ báo cáo năm %(year)s.") % {"year": year})
    return redirect(f"{reverse('emulation:index')}?year={year}")


@login_required
@require_POST
@domain_errors
def deadline_set(request: AuthenticatedHttpRequest, term_id: int, period_id: int) -> HttpResponse:
    cluster_term = selectors.term_get(actor=request.user, term_id=term_id)
    period = selectors.period_get(term=cluster_term, period_id=period_id)
    form = DeadlineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ngày không hợp lệ (dd/mm/yyyy)."))
    else:
        services.period_deadline_set(
            actor=request.user, term=cluster_term, period=period, **form.cleaned_data
        )
        messages.success(request, _("Đã đặt hạn báo cáo %(period)s.") % {"period": period.label})
    return redirect("emulation:term", term_id=term_id)
