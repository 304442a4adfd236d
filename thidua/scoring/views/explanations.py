"""Pages: the explanation of a line or a sheet (HTMX partials)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.core.htmx import domain_errors, is_htmx

from .. import selectors

# -- explanations --------------------------------------------------------------------------------


@login_required
@require_GET
@domain_errors
def explain_line(request: AuthenticatedHttpRequest, line_id: int) -> HttpResponse:
    explanation = selectors.explain_line(actor=request.user, line_id=line_id)
    template = "scoring/_explain.html" if is_htmx(request) else "scoring/explain.html"
    return render(request, template, {"explanation": explanation})


@login_required
@require_GET
@domain_errors
def explain_sheet(request: AuthenticatedHttpRequest, sheet_id: int) -> HttpResponse:
    explanation = selectors.explain_sheet(actor=request.user, sheet_id=sheet_id)
    template = "scoring/_explain.html" if is_htmx(request) else "scoring/explain.html"
    return render(request, template, {"explanation": explanation})
