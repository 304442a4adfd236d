"""Pages: a unit's history, the comparison of clusters and the owner's scoring configuration."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.core.errors import DomainError, NotFound
from thidua.core.htmx import domain_errors, is_htmx
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterLevel

from .. import selectors, services
from ..forms import ConfigForm

# -- history and comparison ----------------------------------------------------------------------


@login_required
@require_GET
@domain_errors
def unit_history(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    unit = selectors.unit_get(actor=request.user, unit_id=unit_id)
    sheets = list(selectors.unit_history(actor=request.user, unit=unit))
    chart = {
        "labels": [f"{s.period.label}" for s in reversed(sheets)],
        "series": [{"label": _("Tổng điểm"), "values": [float(s.total) for s in reversed(sheets)]}],
    }
    return render(request, "scoring/unit_history.html", {"unit": unit, "sheets": sheets, "chart": chart})


@login_required
@require_GET
@domain_errors
def comparison(request: AuthenticatedHttpRequest) -> HttpResponse:
    owners = list(selectors.comparison_owners(actor=request.user))
    if not owners:
        raise NotFound()
    owner = next((o for o in owners if str(o.pk) == request.GET.get("owner")), owners[0])
    periods = list(selectors.owner_periods(owner=owner))
    period = next(
        (p for p in periods if str(p.pk) == request.GET.get("period")), periods[0] if periods else None
    )
    level = request.GET.get("level", "")
    if level not in ClusterLevel.values:
        level = ""
    rows = (
        selectors.cluster_comparison(actor=request.user, owner=owner, period=period, level=level)
        if period
        else []
    )
    context = {
        "owners": owners,
        "owner": owner,
        "periods": periods,
        "period": period,
        "level": level,
        "levels": ClusterLevel.choices,
        "rows": rows,
        "chart": {
            "labels": [r.term_name for r in rows],
            "series": [
                {"label": _("Điểm cao nhất"), "values": [float(r.best or 0) for r in rows]},
                {"label": _("Điểm trung bình"), "values": [float(r.average or 0) for r in rows]},
            ],
        },
        "leaderboard_url": reverse("scoring:index"),
    }
    template = "scoring/comparison.html#results" if is_htmx(request) else "scoring/comparison.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def config_edit(request: AuthenticatedHttpRequest, owner_id: int) -> HttpResponse:
    """The owner's board sets thresholds, tie-break chain, caps and formula (DOMAIN.md §5, R21)."""
    owner = selectors.scoped_owner_get(actor=request.user, owner_id=owner_id, action=Action.MANAGE_CLUSTERS)
    config = selectors.config_for(owner)
    initial = {field: getattr(config, field) for field in services.CONFIG_FIELDS}
    initial["tie_break"] = ", ".join(config.chain)
    form = ConfigForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.scoring_config_update(actor=request.user, owner=owner, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu cấu hình chấm điểm; thứ hạng, xếp loại đã được tính lại."))
            return redirect("scoring:config", owner_id=owner.pk)
    return render(request, "scoring/config.html", {"owner": owner, "form": form})
