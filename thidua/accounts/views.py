"""Account pages beyond Django's own views: the login lockout notice, password change and first set."""

from typing import Any

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from thidua.core.http import client_ip


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: say for how long this username is locked from this address (429)."""
    username = get_client_username(request, credentials) or ""
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else 0
    last = (
        AccessAttempt.objects.filter(username=username, ip_address=client_ip(request))
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    until = timezone.localtime(last + cool_off) if last and cool_off else None
    context: dict[str, Any] = {
        "username": username,
        "minutes": minutes,
        "until": until,
        "failure_limit": get_failure_limit(request, credentials),
    }
    return render(request, "accounts/locked.html", context, status=429)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page; choosing one's own password ends the one-time password's hold."""

    def form_valid(self, form):
        form.user.must_change_password = False
        return super().form_valid(form)


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """The one-time link given to an imported account (or reset): set the first password."""

    def form_valid(self, form):
        form.user.must_change_password = False
        return super().form_valid(form)
