"""Models and initiatives (mô hình, sáng kiến)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.core.htmx import domain_errors, is_htmx
from thidua.organisation import access
from thidua.organisation.access import Action

from .. import selectors, services
from ..forms import (
    InitiativeForm,
    InitiativeSearchForm,
)

# -- models & initiatives ------------------------------------------------------------------------


@login_required
@domain_errors
def initiatives(request: AuthenticatedHttpRequest) -> HttpResponse:
    units = list(access.units_in_scope(request.user, Action.EDIT).order_by("path")[:300])
    if request.method == "POST":
        form = InitiativeForm(request.POST, units=units)
        if form.is_valid():
            data = form.cleaned_data
            unit_id = data.pop("unit")  # once: inside the generator it was popped again per unit
            unit = next(u for u in units if u.pk == unit_id)
            services.initiative_create(actor=request.user, unit=unit, **data)
            messages.success(request, _("Đã thêm vào danh mục mô hình, sáng kiến."))
            return redirect("emulation:initiatives")
    else:
        form = InitiativeForm(units=units, initial={"year": datetime.date.today().year})
    search = InitiativeSearchForm(request.GET)
    filters = search.cleaned_data if search.is_valid() else {}
    items = selectors.initiative_list(
        actor=request.user,
        query=filters.get("q") or "",
        kind=filters.get("kind") or "",
        year=filters.get("year"),
    )[:200]
    context = {"search": search, "items": items, "form": form if units else None}
    template = (
        "emulation/initiatives.html#results"
        if is_htmx(request) and request.method == "GET"
        else "emulation/initiatives.html"
    )
    return render(request, template, context, status=422 if request.method == "POST" else 200)
