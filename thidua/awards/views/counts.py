"""Award counts without names (16.8): list, record, correct, remove — the services of the API."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.core.errors import AccessDenied, DomainError, NotFound
from thidua.core.htmx import domain_errors
from thidua.organisation import access
from thidua.organisation.access import Action

from .. import selectors
from ..forms import AwardCountForm
from ..services import counts as count_services
from ._common import _int


def _holders(user):
    """Units and cluster years on which the user may record counts (the board of their authority)."""
    units = list(access.units_in_scope(user, Action.MANAGE_CLUSTERS).order_by("depth", "path")[:300])
    terms = [
        term
        for term in access.terms_in_scope(user)
        .select_related("cluster__owner")
        .order_by("-year", "cluster__name")[:200]
        if access.can_term(user, Action.MANAGE_CLUSTERS, term)
    ]
    return units, terms


def _holder(user, kind: str, pk: int) -> dict:
    if kind == "u":
        unit = access.units_in_scope(user, Action.VIEW).filter(pk=pk).first()
        if unit is None:
            raise NotFound()
        return {"unit": unit}
    term = access.terms_in_scope(user).select_related("cluster__owner").filter(pk=pk).first()
    if term is None:
        raise NotFound()
    return {"cluster_term": term}


@login_required
@require_http_methods(["GET", "POST"])
def counts(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The counts in scope (filtered by year) and, for a board, the form recording a new one."""
    year = _int(request.GET.get("year"))
    units, terms = _holders(request.user)
    form = AwardCountForm(request.POST or None, units=units, terms=terms, initial={"year": year})
    if request.method == "POST":
        if not units and not terms:
            return render(request, "core/error.html", {"error": AccessDenied()}, status=403)
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = count_services.award_count_create(
                    actor=request.user,
                    award_type=data["award_type"],
                    year=data["year"],
                    count=data["count"],
                    decision_number=data["decision_number"],
                    decision_date=data["decision_date"],
                    signer_name=data["signer_name"],
                    authority=data["authority"],
                    source=data["source"],
                    track=data["track"],
                    note=data["note"],
                    **_holder(request.user, *data["holder"]),
                )
            except DomainError as error:
                if error.status in (403, 404):
                    request.thidua_refused = error  # type: ignore[attr-defined]
                    return render(request, "core/error.html", {"error": error}, status=error.status)
                field = {"unit_id": "holder", "award_code": "award_type"}.get(error.field or "", error.field)
                form.add_error(field if field in form.fields else None, str(error))
            else:
                messages.success(request, _("Đã ghi %(count)s.") % {"count": str(created)})
                return redirect(f"{request.path}?year={created.year}")
    rows = selectors.award_count_list(actor=request.user, year=year)
    context = {"rows": rows, "form": form, "can_record": bool(units or terms), "year": year}
    return render(request, "awards/counts.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
@domain_errors
def count_edit(request: AuthenticatedHttpRequest, count_id: int) -> HttpResponse:
    """Correct the figure (and the source) of a count; refusals come back as a message."""
    award_count = selectors.award_count_get(actor=request.user, count_id=count_id)
    number = _int(request.POST.get("count"))
    if number is None:
        messages.error(request, _("Số lượng phải là một số nguyên."))
        return redirect("awards:counts")
    changes: dict = {"count": number}
    source = request.POST.get("source")
    if source is not None:
        if "\x00" in source or len(source) > 255:
            messages.error(request, _("Văn bản nguồn không hợp lệ (tối đa 255 ký tự)."))
            return redirect("awards:counts")
        changes["source"] = source
    count_services.award_count_update(actor=request.user, award_count=award_count, **changes)
    messages.success(request, _("Đã sửa số lượng."))
    return redirect(f"{redirect('awards:counts').url}?year={award_count.year}")


@login_required
@require_POST
@domain_errors
def count_delete(request: AuthenticatedHttpRequest, count_id: int) -> HttpResponse:
    award_count = selectors.award_count_get(actor=request.user, count_id=count_id)
    count_services.award_count_delete(actor=request.user, award_count=award_count)
    messages.success(request, _("Đã xóa số lượng khen thưởng."))
    return redirect("awards:counts")
