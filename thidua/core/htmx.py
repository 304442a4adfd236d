"""View helpers: HTMX detection and one decorator turning DomainError into an alert or form error."""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render

from .errors import DomainError
from .http import back_url


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


R = TypeVar("R", bound=HttpResponseBase)


def domain_errors(view: Callable[..., R]) -> Callable[..., R | HttpResponse]:
    """Render a DomainError raised by a service as an alert.

    HTMX requests get the `core/alert.html` partial (status 200 with HX-Retarget so htmx swaps it
    into #alerts); full-page POSTs get a flash message and a redirect back.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> R | HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except DomainError as error:
            if error.status in (403, 404):
                request.thidua_refused = error  # type: ignore[attr-defined]  # the activity log records it
            if is_htmx(request):
                response = render(request, "core/alert.html", {"error": error, "level": "danger"})
                response["HX-Retarget"] = "#alerts"
                response["HX-Reswap"] = "innerHTML"
                return response
            if request.method == "GET" and error.status in (403, 404):
                response = render(request, "core/error.html", {"error": error}, status=error.status)
                return response
            messages.error(request, str(error))
            return HttpResponseRedirect(back_url(request))

    return wrapper
