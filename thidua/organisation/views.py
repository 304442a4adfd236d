import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.core.htmx import domain_errors, is_htmx
from thidua.core.pagecache import cached_page

from . import access, selectors, services
from .access import Action
from .forms import HandoverForm, UnitSearchForm
from .models import ClusterLevel

PAGE_SIZE = 200


@login_required
@require_GET
@cached_page
def unit_list(request: HttpRequest) -> HttpResponse:
    form = UnitSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    units = list(selectors.unit_list(actor=request.user, query=query)[: PAGE_SIZE + 1])
    context = {"form": form, "units": units[:PAGE_SIZE], "truncated": len(units) > PAGE_SIZE, "query": query}
    template = "organisation/unit_list.html#results" if is_htmx(request) else "organisation/unit_list.html"
    return render(request, template, context)


@login_required
@require_GET
@cached_page
@domain_errors
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = selectors.unit_get(actor=request.user, unit_id=unit_id)
    related = [unit.parent] if unit.parent else []
    related += [s.successor for s in unit.successions_out.all()]
    related += [s.predecessor for s in unit.successions_in.all()]
    context = {
        "unit": unit,
        # units named on the page that this user may open (the others are shown without a link)
        "linkable": {other.pk for other in related if access.can_see_unit(request.user, other)},
        "children": selectors.unit_children(actor=request.user, unit=unit),
        "memberships": selectors.unit_memberships(actor=request.user, unit=unit),
    }
    return render(request, "organisation/unit_detail.html", context)


@login_required
@require_GET
@cached_page
def cluster_list(request: HttpRequest) -> HttpResponse:
    years = selectors.term_years(actor=request.user)
    try:
        year = int(request.GET.get("year") or (years[0] if years else datetime.date.today().year))
    except ValueError:
        year = years[0] if years else datetime.date.today().year
    level = request.GET.get("level", "")
    if level not in ClusterLevel.values:
        level = ""
    terms = selectors.term_list(actor=request.user, year=year, level=level)
    context = {"terms": terms, "years": years, "year": year, "level": level, "levels": ClusterLevel.choices}
    template = (
        "organisation/cluster_list.html#results" if is_htmx(request) else "organisation/cluster_list.html"
    )
    return render(request, template, context)


def _term_context(request: HttpRequest, term, form: HandoverForm | None = None) -> dict:
    history = list(selectors.cluster_history(cluster=term.cluster))
    next_term = next((t for t in history if t.year == term.year + 1), None)
    can_manage = access.can_term(request.user, Action.MANAGE_CLUSTERS, term)
    members_next = [m.unit for m in (next_term or term).memberships.all()]
    if form is None and can_manage:
        form = HandoverForm(members=members_next, initial={"handed_over_on": datetime.date.today()})
    return {
        "term": term,
        "members": [m.unit for m in term.memberships.all()],
        "history": history,
        "handovers": selectors.handover_list(cluster=term.cluster),
        "next_term": next_term,
        "can_manage": can_manage,
        "can_manage_term": access.can_term(request.user, Action.MANAGE_TERM, term),
        "handover_form": form,
    }


@login_required
@require_GET
@cached_page
@domain_errors
def term_detail(request: HttpRequest, term_id: int) -> HttpResponse:
    term = selectors.term_get(actor=request.user, term_id=term_id)
    return render(request, "organisation/term_detail.html", _term_context(request, term))


@login_required
@require_POST
@domain_errors
def term_handover(request: HttpRequest, term_id: int) -> HttpResponse:
    term = selectors.term_get(actor=request.user, term_id=term_id)
    access.require_term(request.user, Action.MANAGE_CLUSTERS, term)
    context = _term_context(request, term)
    form = HandoverForm(request.POST, members=list(context["handover_form"].members.values()))
    if not form.is_valid():
        context["handover_form"] = form
        template = (
            "organisation/term_detail.html#handover" if is_htmx(request) else "organisation/term_detail.html"
        )
        return render(request, template, context, status=200 if is_htmx(request) else 422)
    handover = services.term_hand_over(actor=request.user, term=term, **form.cleaned_data)
    messages.success(
        request,
        _("Đã bàn giao: năm %(year)s Cụm trưởng là %(leader)s.")
        % {"year": handover.to_term.year, "leader": handover.new_leader},
    )
    if is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = request.path.replace("/ban-giao/", "/")
        return response
    return redirect("organisation:term_detail", term_id=term.pk)


@login_required
@require_POST
@domain_errors
def term_create_next(request: HttpRequest, term_id: int) -> HttpResponse:
    term = selectors.term_get(actor=request.user, term_id=term_id)
    new_term = services.term_create_next(actor=request.user, term=term)
    messages.success(request, _("Đã lập danh sách cụm năm %(year)s.") % {"year": new_term.year})
    return redirect("organisation:term_detail", term_id=new_term.pk)
