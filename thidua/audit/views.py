from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.core.htmx import domain_errors
from thidua.core.http import attachment
from thidua.core.listing import ordered, paginate, sort_param

from .exports import activity_xlsx
from .forms import ActivityFilterForm
from .selectors import ACTIVITY_DEFAULT_SORT, ACTIVITY_SORTS, activity_entries

EXPORT_LIMIT = 100_000
PER_PAGE = 100


@login_required
@require_GET
@domain_errors
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The activity log for the system admin: search by who, what, object and dates; sort; page; export."""
    form = ActivityFilterForm(request.GET or None)
    entries = activity_entries(form.to_filter(), actor=request.user).select_related(None)
    if request.GET.get("format") == "xlsx":
        order = sort_param(request, ACTIVITY_SORTS, ACTIVITY_DEFAULT_SORT)
        rows = ordered(entries, ACTIVITY_SORTS, order)[:EXPORT_LIMIT].iterator()
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return attachment(activity_xlsx(rows), f"nhat-ky-{stamp}.xlsx")
    listing = paginate(
        request, entries, sorts=ACTIVITY_SORTS, default=ACTIVITY_DEFAULT_SORT, per_page=PER_PAGE
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "listing": listing, "page": listing.page, "query": query.urlencode()}
    return render(request, "audit/index.html", context)
