"""API twin of the account pages (issue 15.3a): same selectors and services."""

from django.utils.translation import gettext_lazy as _
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile

from thidua.accounts.models import User
from thidua.core.errors import ValidationFailed
from thidua.core.schemas import Offset, Search
from thidua.organisation import services as organisation_services

from . import selectors, services
from .schemas import (
    AccountCreatedOut,
    AccountIn,
    AccountOut,
    GrantEndIn,
    GrantIn,
    GrantOut,
    ImportOut,
    PasswordOut,
    StateIn,
)

router = Router(tags=["Tài khoản & phân quyền"])


def _unit(actor: User, unit_id: int):
    unit = selectors.manageable_units(actor=actor).filter(pk=unit_id).first()
    if unit is None:
        raise ValidationFailed(
            _("Không có đơn vị mã số {id} trong phạm vi quản lý của bạn."), field="unit_id", id=unit_id
        )
    return unit


@router.get("/accounts", response=list[AccountOut])
def list_accounts(request, q: Search = "", limit: int = Query(100, ge=1, le=500), offset: Offset = 0):
    selectors.require_account_manager(request.user)
    return selectors.account_list(actor=request.user, query=q)[offset : offset + limit]


@router.post("/accounts", response={201: AccountCreatedOut})
def create_account(request, payload: AccountIn):
    """A new account with its first role; the one-time password is in this answer only."""
    selectors.require_account_manager(request.user)
    data = payload.model_dump()
    unit = _unit(request.user, data.pop("unit_id"))
    account, password = services.account_create(actor=request.user, unit=unit, **data)
    account = selectors.account_get(actor=request.user, user_id=account.pk)
    return Status(201, {"account": account, "one_time_password": password})


@router.post("/accounts/import", response={201: ImportOut})
def import_accounts(request, file: File[UploadedFile]):
    """Accounts with roles from Excel, all or nothing; 422 lists every row at fault (`errors`)."""
    selectors.require_account_manager(request.user)
    result = services.accounts_import(actor=request.user, name=file.name or "", content=file)
    return Status(
        201,
        {
            "created": [
                {
                    "username": new.username,
                    "full_name": new.full_name,
                    "set_password_url": request.build_absolute_uri(new.set_password_path),
                }
                for new in result.created
            ],
            "grants": result.grants,
            "existing": result.existing,
        },
    )


@router.get("/accounts/{user_id}", response=AccountOut)
def get_account(request, user_id: int):
    return selectors.account_get(actor=request.user, user_id=user_id)


@router.post("/accounts/{user_id}/state", response=AccountOut)
def set_account_state(request, user_id: int, payload: StateIn):
    """Deactivate (`is_active: false`: no sign-in, roles kept) or reactivate an account."""
    account = selectors.account_get(actor=request.user, user_id=user_id)
    services.account_set_active(actor=request.user, account=account, is_active=payload.is_active)
    return selectors.account_get(actor=request.user, user_id=user_id)


@router.post("/accounts/{user_id}/password-reset", response=PasswordOut)
def reset_password(request, user_id: int):
    """A new one-time password, in this answer only; the holder must change it at the next sign-in."""
    account = selectors.account_get(actor=request.user, user_id=user_id)
    return {"one_time_password": services.account_password_reset(actor=request.user, account=account)}


@router.post("/accounts/{user_id}/grants", response={201: GrantOut})
def add_grant(request, user_id: int, payload: GrantIn):
    account = selectors.account_get(actor=request.user, user_id=user_id)
    unit = _unit(request.user, payload.unit_id)
    return Status(
        201, organisation_services.role_grant(actor=request.user, user=account, unit=unit, role=payload.role)
    )


@router.post("/grants/{grant_id}/end", response=GrantOut)
def end_grant(request, grant_id: int, payload: GrantEndIn):
    """End a role at a date (default today): the grant stays as history."""
    grant = selectors.grant_get(actor=request.user, grant_id=grant_id)
    return organisation_services.role_end(actor=request.user, grant=grant, ended_on=payload.ended_on)
