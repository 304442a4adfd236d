"""An account given a one-time password must choose its own before doing anything else."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

ALLOWED_PREFIXES = ("/static/", "/i18n/", "/healthz")


class PasswordChangeRequiredMiddleware:
    """After a one-time password (accounts set up or reset by an admin or board), every page leads to
    “Đổi mật khẩu” and the API answers 403 `password_change_required` until the password is changed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            allowed = {reverse("accounts:password_change"), reverse("accounts:logout")}
            if request.path not in allowed and not request.path.startswith(ALLOWED_PREFIXES):
                message = _("Bạn đang dùng mật khẩu dùng một lần: hãy đặt mật khẩu mới trước khi tiếp tục.")
                if request.path.startswith("/api/"):
                    return JsonResponse(
                        {"code": "password_change_required", "message": message, "params": {}}, status=403
                    )
                return redirect("accounts:password_change")
        return self.get_response(request)
