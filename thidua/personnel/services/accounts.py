"""Accounts: create (with a first role), deactivate / reactivate, reset the password.

A password set here is a one-time password: it is returned once to be shown to the one who set it,
never stored in clear nor sent by e-mail, and its holder must change it at the next sign-in
(accounts.middleware.PasswordChangeRequiredMiddleware).
"""

import re
import secrets
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.core.errors import ValidationFailed
from thidua.core.text import INVISIBLE, nfc
from thidua.organisation import access
from thidua.organisation import services as organisation_services
from thidua.organisation.models import Role, Unit

from ..errors import DeactivateSelf, ResetOwnPassword, UsernameTaken

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,59}$")
FORMULA_START = ("=", "+", "-", "@")
LIMITS = {"full_name": 150, "rank": 80, "position": 150, "email": 254}
LABELS = {
    "full_name": _("Họ và tên"),
    "rank": _("Cấp bậc"),
    "position": _("Chức vụ"),
    "email": _("Thư điện tử"),
}
# no 0/O, 1/l/I: read aloud or copied from a screen without mistakes
ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def one_time_password() -> str:
    """12 random characters in three groups ("k7Qm-x2Rt-9bWn"): about 70 bits."""
    return "-".join("".join(secrets.choice(ALPHABET) for _i in range(4)) for _group in range(3))


def _clean_text(value: Any, field: str, *, required: bool = False) -> str:
    text = nfc(str(value or "")).strip()
    if "\x00" in text or any(ch in INVISIBLE or (ord(ch) < 32) for ch in text):
        raise ValidationFailed(
            _("“{label}” có ký tự điều khiển không hợp lệ."), field=field, label=LABELS[field]
        )
    if required and not text:
        raise ValidationFailed(_("Chưa nhập “{label}”."), field=field, label=LABELS[field])
    if len(text) > LIMITS[field]:
        raise ValidationFailed(
            _("“{label}” dài quá {limit} ký tự."), field=field, label=LABELS[field], limit=LIMITS[field]
        )
    if text.startswith(FORMULA_START):
        raise ValidationFailed(
            _("“{label}” không được bắt đầu bằng =, +, - hoặc @ (công thức bảng tính)."),
            field=field,
            label=LABELS[field],
        )
    return text


def clean_account_fields(
    *, username: Any, full_name: Any, email: Any = "", rank: Any = "", position: Any = ""
) -> dict[str, str]:
    """Field checks shared by the form, the API and the import (Vietnamese ValidationFailed)."""
    name = str(username or "").strip().lower()
    if "\x00" in name or not USERNAME.match(name):
        raise ValidationFailed(
            _(
                "Tên đăng nhập từ 3 đến 60 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới; "
                "bắt đầu bằng chữ hoặc số."
            ),
            field="username",
        )
    fields = {
        "username": name,
        "full_name": _clean_text(full_name, "full_name", required=True),
        "rank": _clean_text(rank, "rank"),
        "position": _clean_text(position, "position"),
        "email": _clean_text(email, "email").lower(),
    }
    if fields["email"]:
        try:
            validate_email(fields["email"])
        except DjangoValidationError:
            raise ValidationFailed(_("Địa chỉ thư điện tử không hợp lệ."), field="email") from None
    return fields


@transaction.atomic
def account_create(
    *,
    actor: User,
    username: str,
    full_name: str,
    unit: Unit,
    role: str,
    email: str = "",
    rank: str = "",
    position: str = "",
) -> tuple[Any, str]:
    """A new account with its first role at `unit`; returns (user, one-time password to show once)."""
    if role not in Role.values:
        raise ValidationFailed(_("Vai trò không hợp lệ."), field="role")
    access.require_grant(actor, None, unit, role)
    fields = clean_account_fields(
        username=username, full_name=full_name, email=email, rank=rank, position=position
    )
    if User.objects.filter(username=fields["username"]).exists():
        raise UsernameTaken(field="username", username=fields["username"])
    password = one_time_password()
    user = User(**fields, must_change_password=True)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # two officers creating the same name at once
        raise UsernameTaken(field="username", username=fields["username"]) from None
    organisation_services.role_grant(actor=actor, user=user, unit=unit, role=role)
    return user, password


@transaction.atomic
def account_set_active(*, actor: User, account, is_active: bool):
    """Deactivate (no sign-in, grants kept for the record) or reactivate an account."""
    account = User.objects.select_for_update().get(pk=account.pk)
    if account.pk == actor.pk and not is_active:
        raise DeactivateSelf()
    access.require_manage_account(actor, account)
    if account.is_active != is_active:
        account.is_active = is_active
        account.save(update_fields=["is_active"])
    return account


@transaction.atomic
def account_password_reset(*, actor: User, account) -> str:
    """A new one-time password (returned once). The old one stops working, and so do the account's
    sessions (Django checks the password hash of a session on every request)."""
    account = User.objects.select_for_update().get(pk=account.pk)
    if account.pk == actor.pk:
        raise ResetOwnPassword()
    access.require_manage_account(actor, account)
    password = one_time_password()
    account.set_password(password)
    account.must_change_password = True
    account.save(update_fields=["password", "must_change_password"])
    return password
