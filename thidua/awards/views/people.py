"""People pages (16.9): search, create, change — the services of `/api/v1/awards/people`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.core.errors import DomainError
from thidua.organisation import access

from .. import selectors, services
from ..forms import PersonForm
from ._common import _int


def _refused(request, error: DomainError, form) -> HttpResponse | None:
    if error.status in (403, 404):
        request.thidua_refused = error  # type: ignore[attr-defined]  # the activity log records it
        return render(request, "core/error.html", {"error": error}, status=error.status)
    form.add_error(error.field if error.field in form.fields else None, str(error))
    return None


@login_required
@require_http_methods(["GET", "POST"])
def people(request: AuthenticatedHttpRequest) -> HttpResponse:
    q = (request.GET.get("q") or "")[:200].replace("\x00", "")
    unit_id = _int(request.GET.get("unit"))
    units = access.people_units(request.user).order_by("path")
    form = PersonForm(request.POST or None, units=units)
    if request.method == "POST":
        if not units.exists():
            return render(request, "core/error.html", {"error": access.AccessDenied()}, status=403)
        if form.is_valid():
            try:
                person = services.person_create(actor=request.user, **form.cleaned_data)
            except DomainError as error:
                refused = _refused(request, error, form)
                if refused is not None:
                    return refused
            else:
                messages.success(request, _("Đã thêm %(name)s.") % {"name": person.full_name})
                return redirect("awards:person_detail", person_id=person.pk)
    rows = list(selectors.person_list(actor=request.user, q=q, unit_id=unit_id)[:300])
    context = {"rows": rows, "q": q, "form": form, "can_create": units.exists()}
    return render(request, "awards/people.html", context, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def person_detail(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    try:
        person = selectors.person_get(actor=request.user, person_id=person_id)
    except DomainError as error:
        request.thidua_refused = error  # type: ignore[attr-defined]
        return render(request, "core/error.html", {"error": error}, status=error.status)
    can_edit = access.can_manage_people(request.user, person.unit)
    units = access.people_units(request.user).order_by("path")
    initial = {
        "full_name": person.full_name,
        "unit": person.unit,
        "rank": person.rank,
        "position": person.position,
        "birth_date": person.birth_known,
        "service_start": person.service_start_known,
    }
    form = PersonForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST":
        if not can_edit:
            return render(request, "core/error.html", {"error": access.AccessDenied()}, status=403)
        if form.is_valid():
            try:
                services.person_update(actor=request.user, person=person, **form.cleaned_data)
            except DomainError as error:
                refused = _refused(request, error, form)
                if refused is not None:
                    return refused
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect("awards:person_detail", person_id=person.pk)
    records = selectors.record_list(actor=request.user, person_id=person.pk)[:200]
    context = {"person": person, "form": form, "can_edit": can_edit, "records": records}
    return render(request, "awards/person_detail.html", context, status=422 if form.errors else 200)
