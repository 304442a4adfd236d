"""What /api/ answers outside the operations: the documented JSON error, never Django's HTML page."""

from django.http import HttpRequest, JsonResponse

from thidua.core.errors import NotFound


def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any /api/… path no operation matches (issue 16.12)."""
    return JsonResponse(NotFound().as_dict(), status=404, json_dumps_params={"ensure_ascii": False})
