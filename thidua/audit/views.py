from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.core.errors import AccessDenied
from thidua.core.htmx import domain_errors
from thidua.core.http import attachment
from thidua.organisation.access import is_admin

from .exports import activity_xlsx
from .forms import ActivityFilterForm
from .selectors import activity_entries

EXPORT_LIMIT = 100_000


@login_required
@require_GET
@domain_errors
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The activity log for the system admin: filter, page through, export to Excel."""
    if not is_admin(request.user):
        raise AccessDenied()
    form = ActivityFilterForm(request.GET or None)
    entries = activity_entries(form.to_filter()).select_related(None)
    if request.GET.get("format") == "xlsx":
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return attachment(activity_xlsx(entries[:EXPORT_LIMIT].iterator()), f"nhat-ky-{stamp}.xlsx")
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/index.html", {"form": form, "page": page, "query": query.urlencode()})
