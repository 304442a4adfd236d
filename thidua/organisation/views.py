import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.core.errors import AccessDenied, DomainError, NotFound
from thidua.core.htmx import domain_errors, is_htmx
from thidua.core.pagecache import cached_page

from . import access, selectors, services
from .access import Action
from .forms import (
    ClusterForm,
    HandoverForm,
    MemberAddForm,
    NextTermForm,
    ReorganiseForm,
    RolesForm,
    TermForm,
    UnitSearchForm,
)
from .models import ClusterLevel, SelectionMode, Unit

PAGE_SIZE = 200


@login_required
@require_GET
@cached_page
def unit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
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
def unit_detail(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
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
        "can_reorganise": access.can_reorganise(request.user, unit),
    }
    return render(request, "organisation/unit_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def unit_reorganise(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    """The board records that the unit merges into another or stops, its tasks passing to a successor."""
    unit = selectors.unit_get(actor=request.user, unit_id=unit_id)
    if not access.can_reorganise(request.user, unit):
        raise NotFound()
    successors = list(selectors.successor_candidates(unit=unit))
    form = ReorganiseForm(request.POST or None, successors=successors)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.unit_reorganise(actor=request.user, unit=unit, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("Đã ghi nhận: %(unit)s hoạt động đến %(last)s; %(successor)s kế thừa từ %(day)s.")
                % {
                    "unit": unit,
                    "last": (record.effective_date - datetime.timedelta(days=1)).strftime("%d/%m/%Y"),
                    "successor": record.successor,
                    "day": record.effective_date.strftime("%d/%m/%Y"),
                },
            )
            return redirect("organisation:unit_detail", unit_id=unit.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "organisation/unit_reorganise.html", {"unit": unit, "form": form}, status=status)


@login_required
@require_GET
@cached_page
def cluster_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    years = selectors.term_years(actor=request.user)
    try:
        year = int(request.GET.get("year") or (years[0] if years else datetime.date.today().year))
    except ValueError:
        year = years[0] if years else datetime.date.today().year
    level = request.GET.get("level", "")
    if level not in ClusterLevel.values:
        level = ""
    terms = selectors.term_list(actor=request.user, year=year, level=level)
    context = {
        "terms": terms,
        "years": years,
        "year": year,
        "level": level,
        "levels": ClusterLevel.choices,
        "managed_clusters": selectors.managed_clusters(actor=request.user),
        "can_set_up": selectors.cluster_owners(actor=request.user).exists(),
    }
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
        "deputy_ids": term.deputy_ids,
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
def term_detail(request: AuthenticatedHttpRequest, term_id: int) -> HttpResponse:
    term = selectors.term_get(actor=request.user, term_id=term_id)
    return render(request, "organisation/term_detail.html", _term_context(request, term))


@login_required
@require_POST
@domain_errors
def term_handover(request: AuthenticatedHttpRequest, term_id: int) -> HttpResponse:
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


def _next_year_context(request: HttpRequest, term, form: NextTermForm | None = None) -> dict:
    plan = selectors.next_term_plan(term=term)
    year = term.year + 1
    offered: dict[int, Unit] = {}
    for row in plan:
        for unit in (row.joins, row.successor, row.unit):
            if unit is not None and unit.pk not in offered and _active_in_year(unit, year):
                offered[unit.pk] = unit
    units = sorted(offered.values(), key=lambda unit: unit.name)
    initial = {"members": [unit.pk for row in plan if (unit := row.joins) is not None]}
    return {
        "term": term,
        "year": year,
        "plan": plan,
        "flagged": [row for row in plan if row.status != "continues"],
        "form": form or NextTermForm(candidates=units, initial=initial),
        "units": units,
    }


def _active_in_year(unit, year: int) -> bool:
    return (unit.active_to is None or unit.active_to >= datetime.date(year, 1, 1)) and (
        unit.active_from is None or unit.active_from <= datetime.date(year, 12, 31)
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def term_create_next(request: AuthenticatedHttpRequest, term_id: int) -> HttpResponse:
    """The new-year wizard, step 1: next year's members from this year's (merged units replaced by
    their successor, shown before confirming), the leader and deputies; then the periods and the
    covenant (emulation:year_start)."""
    term = selectors.term_get(actor=request.user, term_id=term_id, action=Action.MANAGE_CLUSTERS)
    context = _next_year_context(request, term)
    if request.method == "POST":
        form = NextTermForm(request.POST, candidates=context["units"])
        context["form"] = form
        if form.is_valid():
            data = form.cleaned_data
            try:
                new_term = services.term_create_next(
                    actor=request.user,
                    term=term,
                    members=data["members"],
                    leader=data["leader"],
                    deputies=data["deputies"],
                )
            except DomainError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("Đã lập danh sách cụm năm %(year)s.") % {"year": new_term.year})
                return redirect("emulation:year_start", term_id=new_term.pk)
        return render(request, "organisation/term_next.html", context, status=422)
    return render(request, "organisation/term_next.html", context)


# -- cluster set-up (the board of the owning authority) --------------------------------------------


def _form_error(form, error: DomainError) -> None:
    """A refusal of the service shown on the form (on its field when the form has it)."""
    if error.status in (403, 404):
        raise error
    form.add_error(error.field if error.field in form.fields else None, str(error))


def _render(request: HttpRequest, template: str, partial: str, context: dict, status: int = 200):
    """The whole page, or (HTMX) the named fragment; a form with errors answers 422 without HTMX."""
    name = f"{template}#{partial}" if is_htmx(request) else template
    return render(request, name, context, status=200 if is_htmx(request) else status)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def cluster_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    owners = list(selectors.cluster_owners(actor=request.user))
    if not owners:
        raise AccessDenied()
    form = ClusterForm(request.POST or None, owners=owners)
    if request.method == "POST" and form.is_valid():
        try:
            cluster = services.cluster_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(
                request, _("Đã tạo %(name)s. Lập danh sách thành viên năm đầu tiên.") % {"name": cluster}
            )
            return redirect("organisation:term_create", cluster_id=cluster.pk)
    status = 422 if request.method == "POST" else 200
    return _render(request, "organisation/cluster_form.html", "form", {"form": form}, status)


@login_required
@require_GET
@domain_errors
def cluster_detail(request: AuthenticatedHttpRequest, cluster_id: int) -> HttpResponse:
    cluster = selectors.cluster_detail_get(actor=request.user, cluster_id=cluster_id)
    return render(request, "organisation/cluster_detail.html", {"cluster": cluster})


def _year_param(request: HttpRequest, default: int) -> int:
    try:
        year = int(request.POST.get("year") or request.GET.get("year") or default)
    except ValueError:
        return default
    return year if 2000 <= year <= 2100 else default


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def term_create(request: AuthenticatedHttpRequest, cluster_id: int) -> HttpResponse:
    cluster = selectors.cluster_detail_get(actor=request.user, cluster_id=cluster_id)
    last_year = max((t.year for t in cluster.terms.all()), default=datetime.date.today().year - 1)
    year = _year_param(request, last_year + 1)
    candidates = list(selectors.member_candidates(cluster=cluster, year=year))
    initial = {"year": year, "selection_mode": SelectionMode.ELECTED}
    form = TermForm(request.POST or None, candidates=candidates, initial=initial)
    context = {"cluster": cluster, "form": form, "year": year}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            term = services.term_create(
                actor=request.user,
                cluster=cluster,
                year=data["year"],
                name=data["name"],
                members=data["members"],
                leader=data["leader"],
                deputies=data["deputies"],
                selection_mode=data["selection_mode"],
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Đã lập danh sách cụm năm %(year)s.") % {"year": term.year})
            return redirect("organisation:term_detail", term_id=term.pk)
    elif request.method == "GET" and is_htmx(request):  # the year changed: candidates of that year
        return render(request, "organisation/term_form.html#form", context)
    status = 422 if request.method == "POST" else 200
    return _render(request, "organisation/term_form.html", "form", context, status)


def _members_context(request: HttpRequest, term, add_form: MemberAddForm | None = None) -> dict:
    candidates = list(selectors.member_candidates(cluster=term.cluster, year=term.year, term=term))
    members = [m.unit for m in term.memberships.all()]
    return {
        "term": term,
        "members": members,
        "deputy_ids": term.deputy_ids,
        "add_form": add_form or MemberAddForm(candidates=candidates),
        "candidates": candidates,
    }


@login_required
@require_GET
@domain_errors
def term_members(request: AuthenticatedHttpRequest, term_id: int) -> HttpResponse:
    term = selectors.term_get(actor=request.user, term_id=term_id, action=Action.MANAGE_CLUSTERS)
    return render(request, "organisation/term_members.html", _members_context(request, term))


def _members_changed(request: AuthenticatedHttpRequest, term_id: int, message: str) -> HttpResponse:
    term = selectors.term_get(actor=request.user, term_id=term_id, action=Action.MANAGE_CLUSTERS)
    if is_htmx(request):
        context = _members_context(request, term) | {"notice": message}
        return render(request, "organisation/term_members.html#members", context)
    messages.success(request, message)
    return redirect("organisation:term_members", term_id=term_id)


@login_required
@require_POST
@domain_errors
def term_member_add(request: AuthenticatedHttpRequest, term_id: int) -> HttpResponse:
    term = selectors.term_get(actor=request.user, term_id=term_id, action=Action.MANAGE_CLUSTERS)
    context = _members_context(request, term)
    form = MemberAddForm(request.POST, candidates=context["candidates"])
    if not form.is_valid():
        context["add_form"] = form
        return _render(request, "organisation/term_members.html", "members", context, 422)
    unit = form.cleaned_data["unit"]
    services.term_member_add(actor=request.user, term=term, unit=unit)
    return _members_changed(
        request, term_id, _("Đã thêm %(unit)s vào cụm năm %(year)s.") % {"unit": unit, "year": term.year}
    )


@login_required
@require_POST
@domain_errors
def term_member_remove(request: AuthenticatedHttpRequest, term_id: int, unit_id: int) -> HttpResponse:
    term = selectors.term_get(actor=request.user, term_id=term_id, action=Action.MANAGE_CLUSTERS)
    unit = next((m.unit for m in term.memberships.all() if m.unit_id == unit_id), None)
    if unit is None:
        raise NotFound()
    services.term_member_remove(actor=request.user, term=term, unit=unit)
    return _members_changed(
        request, term_id, _("Đã bỏ %(unit)s khỏi cụm năm %(year)s.") % {"unit": unit, "year": term.year}
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def term_roles(request: AuthenticatedHttpRequest, term_id: int) -> HttpResponse:
    term = selectors.term_get(actor=request.user, term_id=term_id, action=Action.MANAGE_CLUSTERS)
    members = [m.unit for m in term.memberships.all()]
    initial = {
        "leader": term.leader_id,
        "deputies": [unit.pk for unit in term.deputies],
        "selection_mode": term.selection_mode,
    }
    form = RolesForm(request.POST or None, members=members, initial=initial)
    context = {"term": term, "form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # the first deputy stays first while still chosen
        deputies = sorted(data["deputies"], key=lambda unit: unit.pk != term.deputy_id)
        try:
            services.term_set_roles(
                actor=request.user,
                term=term,
                leader=data["leader"],
                deputies=deputies,
                selection_mode=data["selection_mode"],
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Đã lưu Cụm trưởng, Cụm phó năm %(year)s.") % {"year": term.year})
            return redirect("organisation:term_detail", term_id=term.pk)
    status = 422 if request.method == "POST" else 200
    return _render(request, "organisation/term_roles.html", "form", context, status)
