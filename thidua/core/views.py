from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET

from thidua.accounts.types import AuthenticatedHttpRequest

from .pagecache import cached_page


@login_required
@require_GET
@cached_page
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The home page: each capability contributes a panel (settings.THIDUA_DASHBOARD_PANELS).

    A panel is a function (request) -> {"template": ..., **context} or None when it has nothing
    to show for this user.
    """
    panels = []
    for dotted in getattr(settings, "THIDUA_DASHBOARD_PANELS", []):
        panel = import_string(dotted)(request)
        if panel:
            panels.append(panel)
    return render(request, "core/dashboard.html", {"panels": panels})


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
