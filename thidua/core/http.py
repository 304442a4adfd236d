"""HTTP helpers shared by every capability: file downloads, the client's address behind a proxy."""

import ipaddress
import os
from typing import Any

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attachment(content: bytes, filename: str, content_type: str = XLSX_CONTENT_TYPE) -> HttpResponse:
    """A download response (Content-Disposition: attachment) for generated Excel/Word/PDF bytes."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.thidua_activity = "export"  # type: ignore[attr-defined]  # read by the activity log
    return response


def stored_file(field_file: Any, filename: str, content_type: str = "") -> FileResponse:
    """Stream a stored upload as a download; the browser must not sniff it into something else."""
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=True,
        filename=filename or os.path.basename(field_file.name),
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response.thidua_activity = "download"  # type: ignore[attr-defined]  # read by the activity log
    return response


def client_ip(request: HttpRequest) -> str:
    """The address of the client, as seen by the outermost of the `THIDUA_TRUSTED_PROXY_COUNT` proxies.

    Each trusted proxy appends the address it received the request from to the forwarded header
    (`THIDUA_CLIENT_IP_HEADER`, X-Forwarded-For by default), so the client is the N-th entry from the
    right; entries further left are whatever the client chose to send and are ignored. With no
    trusted proxy (the default) or a header that is missing or malformed, REMOTE_ADDR is used.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "THIDUA_TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    header = getattr(settings, "THIDUA_CLIENT_IP_HEADER", "HTTP_X_FORWARDED_FOR")
    hops = [hop.strip() for hop in request.META.get(header, "").split(",") if hop.strip()]
    if not hops:
        return remote
    candidate = hops[-count] if len(hops) >= count else hops[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def back_url(request: HttpRequest, fallback: str = "") -> str:
    """Where to send the user back to: the Referer only when it points at this site, else `fallback`
    (the current path by default). Never an arbitrary address a forged Referer names."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return fallback or request.path
