"""Award statistics and the statutory forms."""

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.core.dbrouting import reads_from_replica
from thidua.core.http import DOCX_CONTENT_TYPE, attachment
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterTerm

from .. import selectors
from .. import statistics as stats
from ._common import _date, _int

# -- statistics ------------------------------------------------------------------------------------


def _term(request: HttpRequest) -> ClusterTerm | None:
    term_id = _int(request.GET.get("cluster"))
    if not term_id:
        return None
    return access.terms_in_scope(request.user).select_related("cluster").filter(pk=term_id).first()


@login_required
@require_GET
@reads_from_replica
def statistics(request: AuthenticatedHttpRequest) -> HttpResponse:
    year = _int(request.GET.get("year"))
    term = _term(request)
    date_from, date_to = _date(request.GET.get("from")), _date(request.GET.get("to"))
    as_of = _date(request.GET.get("as_of"))
    records = stats.records_in_scope(
        actor=request.user, year=year, cluster_term=term, date_from=date_from, date_to=date_to, as_of=as_of
    )
    unnamed = stats.counts_in_scope(
        actor=request.user, year=year, cluster_term=term, date_from=date_from, date_to=date_to
    )
    counts = stats.award_counts(records, unnamed=unnamed)
    units = stats.unit_counts(records, unnamed=unnamed)
    if request.GET.get("format") == "xlsx":
        title = f"Thống kê khen thưởng {year or ''} {term.display_name if term else ''}".strip()
        return attachment(
            stats.counts_xlsx(counts, units, title), f"thong-ke-khen-thuong-{year or 'tat-ca'}.xlsx"
        )
    context = {
        "counts": counts,
        "units": units,
        "praise": stats.award_counts(records, unnamed=unnamed, praise=True),
        "unnamed": unnamed,
        "sentence": stats.summary_sentence(counts),
        "chart": json.dumps(stats.chart_data(counts), ensure_ascii=False),
        "year": year,
        "date_from": date_from,
        "date_to": date_to,
        "as_of": as_of,
        "term": term,
        "terms": access.terms_in_scope(request.user)
        .select_related("cluster", "cluster__owner")
        .order_by("-year")[:100],
        "total": sum(row["count"] for row in counts),
    }
    return render(request, "awards/statistics.html", context)


@login_required
@require_GET
@reads_from_replica
def statutory(request: AuthenticatedHttpRequest) -> HttpResponse:
    year = _int(request.GET.get("year"), timezone.localdate().year - 1)
    forms = list(selectors.stat_forms())
    form = next((f for f in forms if f.pk == _int(request.GET.get("form"))), None) or stats.form_for_year(
        year
    )
    reporting = access.units_in_scope(request.user, Action.VIEW).order_by("depth", "path").first()
    filled = None
    if form is not None:
        filled = stats.statutory_form(
            form=form,
            records=stats.records_in_scope(actor=request.user),
            year=year,
            reporting_unit=reporting,
            receiving_unit=request.GET.get("receiver") or "Bộ Nội vụ (Ban Thi đua – Khen thưởng Trung ương)",
            movements=stats.movements_in_scope(actor=request.user),
            unnamed=stats.counts_in_scope(actor=request.user, year=year),
        )
        name = f"bieu-{form.code.split('/')[0]}-{year}"
        if request.GET.get("format") == "xlsx":
            return attachment(stats.statutory_xlsx(filled), f"{name}.xlsx")
        if request.GET.get("format") == "docx":
            return attachment(stats.statutory_docx(filled), f"{name}.docx", DOCX_CONTENT_TYPE)
    return render(
        request, "awards/statutory.html", {"forms": forms, "form": form, "filled": filled, "year": year}
    )
