"""Downloads, exports and refused requests go to the activity log.

The download helpers of core.http mark their responses (`thidua_activity`: "download" for a stored
file — evidence, decisions, documents — "export" for a generated one — lists, papers); a 403 answer
or a view's domain error 403/404 (`request.thidua_refused`, set by core.htmx.domain_errors) is a
refusal. Nothing is recorded for the voting page (services.NEVER_LOGGED), and never a query string
or a request body.
"""

from collections.abc import Callable
from urllib.parse import unquote

from django.http import FileResponse, HttpRequest, HttpResponse

from .models import Activity
from .services import activity_record


def _target(request: HttpRequest, response: HttpResponse | None = None) -> str:
    match = request.resolver_match
    parts = []
    if match is not None:
        parts.append(match.view_name)
        parts += [f"{key}={value}" for key, value in sorted(match.kwargs.items())]
    if response is not None:
        disposition = response.get("Content-Disposition", "")
        if "filename" in disposition:
            parts.append(
                unquote(disposition.split("filename", 1)[1].lstrip("*=").strip("\"' ").replace("utf-8''", ""))
            )
    return " ".join(parts)


class ActivityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        action = getattr(response, "thidua_activity", None)
        if action is None and response.get("Content-Disposition", "").startswith("attachment"):
            action = Activity.DOWNLOAD if isinstance(response, FileResponse) else Activity.EXPORT
        user = getattr(request, "user", None)
        if action in (Activity.DOWNLOAD, Activity.EXPORT) and response.status_code == 200:
            activity_record(request=request, action=action, user=user, target=_target(request, response))
        elif response.status_code == 403 or getattr(request, "thidua_refused", None) is not None:
            activity_record(
                request=request,
                action=Activity.REFUSED,
                user=user,
                target=_target(request),
                status=getattr(getattr(request, "thidua_refused", None), "status", response.status_code),
            )
        return response
