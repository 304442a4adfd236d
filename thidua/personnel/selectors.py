"""Reads for the account pages: accounts and grants in the actor's units, already scoped."""

from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet

from thidua.accounts.models import User
from thidua.core.errors import NotFound
from thidua.core.text import fold
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import Role, Unit, UnitRole


def manageable_units(*, actor: User) -> QuerySet[Unit]:
    """Units at which the actor may grant roles (the admin: every unit)."""
    return access.units_in_scope(actor, Action.MANAGE_ACCOUNTS).order_by("path")


# the rule is the policy's; the account pages and the API ask it here before reading a form
require_account_manager = access.require_manages_accounts


def grantable_roles(*, actor: User) -> list[tuple[str, Any]]:
    return [(value, label) for value, label in Role.choices if value != Role.ADMIN or access.is_admin(actor)]


def _grants_prefetch() -> Prefetch:
    return Prefetch(
        "unit_roles",
        # current roles first, then the ended ones, latest first (the same on SQLite and PostgreSQL)
        queryset=UnitRole.objects.select_related("unit", "granted_by", "ended_by").order_by(
            F("ended_on").desc(nulls_first=True), F("valid_from").desc(nulls_last=True), "unit__path"
        ),
    )


def account_list(*, actor: User, query: str = "", active: bool | None = None) -> QuerySet:
    """Accounts with a grant (current or ended: a person who moved away stays findable) in the actor's
    units; the system admin sees every account."""
    accounts = User.objects.all()
    if not access.is_admin(actor):
        units = access.units_in_scope(actor, Action.MANAGE_ACCOUNTS)
        accounts = accounts.filter(
            pk__in=UnitRole.objects.filter(unit__in=units).values("user_id"), is_superuser=False
        )
    if query:
        folded = fold(query)
        accounts = accounts.filter(
            Q(username__icontains=query.strip())
            | Q(full_name__icontains=query.strip())
            | Q(email__icontains=query.strip())
            | Q(unit_roles__unit__search_key__contains=folded)
        ).distinct()
    if active is not None:
        accounts = accounts.filter(is_active=active)
    return accounts.prefetch_related(_grants_prefetch()).order_by("username")


def account_get(*, actor: User, user_id: int):
    """One account in the actor's scope (absent and outside alike: NotFound)."""
    account = account_list(actor=actor).filter(pk=user_id).first()
    if account is None:
        raise NotFound()
    account.can_manage = access.can_manage_account(actor, account)
    return account


def grant_get(*, actor: User, grant_id: int) -> UnitRole:
    grants = UnitRole.objects.select_related("unit", "user")
    if not access.is_admin(actor):
        grants = grants.filter(unit__in=access.units_in_scope(actor, Action.MANAGE_ACCOUNTS))
    grant = grants.filter(pk=grant_id).first()
    if grant is None:
        raise NotFound()
    return grant
