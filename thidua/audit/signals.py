"""Login, logout and failed logins go to the activity log (a try refused by the lockout, and the
failure that starts it, as "locked")."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import Activity
from .services import activity_record


@receiver(user_logged_in, dispatch_uid="audit-login")
def _logged_in(sender, request, user, **kwargs):
    activity_record(request=request, action=Activity.LOGIN, user=user)


@receiver(user_logged_out, dispatch_uid="audit-logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        activity_record(request=request, action=Activity.LOGOUT, user=user)


@receiver(user_login_failed, dispatch_uid="audit-login-failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    locked = getattr(request, "axes_locked_out", False)
    activity_record(
        request=request,
        action=Activity.LOGIN_LOCKED if locked else Activity.LOGIN_FAILED,
        username=str(credentials.get("username", "")),
    )
