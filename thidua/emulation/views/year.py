"""The new-year wizard, steps 2–4 (issue 15.3): after organisation:term_create_next has made next year's
term, the board sets the reporting periods (standard, editable), the board or the new leader copies last
year's covenant as a draft, and the page shows who now manages the year as the leader unit's staff."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.core.errors import AccessDenied, DomainError
from thidua.core.htmx import domain_errors
from thidua.organisation import access
from thidua.organisation import selectors as organisation_selectors
from thidua.organisation.access import Action

from .. import selectors, services
from ..models import Covenant, EmulationPeriod, PeriodKind

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def _key(row: dict) -> str:
    return f"{row['kind']}_{row['number']}"


def _label(row: dict) -> str:
    if row["kind"] == PeriodKind.QUARTER:
        return _("Quý %(n)s") % {"n": row["number"]}
    return str(PeriodKind(row["kind"]).label)


class PeriodPlanForm(forms.Form):
    """The standard periods of a year, each with its start, end and report deadline (editable)."""

    def __init__(self, *args, plan: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        for row in plan:
            key = _key(row)
            self.fields[f"{key}_use"] = forms.BooleanField(label=_label(row), required=False, initial=True)
            for name, label in (
                ("start_date", gettext_lazy("Từ ngày")),
                ("end_date", gettext_lazy("Đến ngày")),
                ("default_deadline", gettext_lazy("Hạn báo cáo")),
            ):
                self.fields[f"{key}_{name}"] = forms.DateField(
                    label=label,
                    initial=row[name],
                    required=False,
                    input_formats=DATE_FORMATS,
                    widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                )

    def rows(self):
        """(row label, use field, date fields) for the template."""
        for row in self.plan:
            key = _key(row)
            yield (
                _label(row),
                self[f"{key}_use"],
                [self[f"{key}_{name}"] for name in ("start_date", "end_date", "default_deadline")],
            )

    def clean(self):
        data = super().clean() or {}
        chosen = []
        for row in self.plan:
            key = _key(row)
            if not data.get(f"{key}_use"):
                continue
            values = {
                name: data.get(f"{key}_{name}") for name in ("start_date", "end_date", "default_deadline")
            }
            missing = [name for name, value in values.items() if value is None]
            for name in missing:
                if f"{key}_{name}" not in self.errors:
                    self.add_error(f"{key}_{name}", _("Nhập ngày (dd/mm/yyyy)."))
            if not missing:
                chosen.append({"kind": row["kind"], "number": row["number"], **values})
        data["rows"] = chosen
        return data


def _context(request: AuthenticatedHttpRequest, term, period_form: PeriodPlanForm | None = None) -> dict:
    owner = term.cluster.owner
    can_periods = access.can(request.user, Action.MANAGE_CLUSTERS, owner)
    existing = list(
        EmulationPeriod.objects.filter(owner=owner, year=term.year).order_by("start_date", "kind")
    )
    plan = [
        row
        for row in services.standard_period_plan(year=term.year)
        if not any(p.kind == row["kind"] and p.number == row["number"] for p in existing)
    ]
    covenant = selectors.covenant_for_term(actor=request.user, term=term)
    previous = (
        Covenant.objects.filter(term__cluster=term.cluster, term__year=term.year - 1)
        .only("pk", "term")
        .first()
    )
    return {
        "term": term,
        "periods": existing,
        "can_periods": can_periods,
        "period_form": (period_form or PeriodPlanForm(plan=plan)) if can_periods and plan else None,
        "covenant": covenant,
        "previous_covenant": previous,
        "staff": organisation_selectors.leader_staff(term=term),
    }


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def year_start(request: AuthenticatedHttpRequest, term_id: int) -> HttpResponse:
    term = selectors.term_get_to_manage(actor=request.user, term_id=term_id)
    if request.method == "GET":
        return render(request, "emulation/year_start.html", _context(request, term))
    step = request.POST.get("step")
    if step == "periods":
        context = _context(request, term)
        if context["period_form"] is None:
            raise (
                AccessDenied()
                if not context["can_periods"]
                else DomainError(_("Các kỳ báo cáo năm này đã có."))
            )
        form = PeriodPlanForm(request.POST, plan=context["period_form"].plan)
        if form.is_valid():
            try:
                created = services.periods_create_plan(
                    actor=request.user,
                    owner=term.cluster.owner,
                    year=term.year,
                    rows=form.cleaned_data["rows"],
                )
            except DomainError as error:
                if error.status in (403, 404):
                    raise
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Đã tạo %(n)s kỳ báo cáo năm %(year)s.") % {"n": len(created), "year": term.year},
                )
                return redirect("emulation:year_start", term_id=term.pk)
        return render(request, "emulation/year_start.html", _context(request, term, form), status=422)
    if step == "covenant":
        covenant = services.covenant_copy_from_previous(actor=request.user, term=term)
        messages.success(
            request,
            _("Đã chép giao ước năm %(last)s thành bản nháp năm %(year)s: %(n)s nhóm tiêu chí.")
            % {"last": term.year - 1, "year": term.year, "n": covenant.groups.count()},
        )
        return redirect("emulation:year_start", term_id=term.pk)
    raise DomainError(_("Bước không hợp lệ."))
