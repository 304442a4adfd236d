"""Writes of the account pages (issue 15.3a): accounts, one-time passwords, role grants, Excel import."""

from .accounts import (
    account_create,
    account_password_reset,
    account_set_active,
    clean_account_fields,
    one_time_password,
)
from .importing import ImportResult, accounts_import, template_xlsx

__all__ = [
    "ImportResult",
    "account_create",
    "account_password_reset",
    "account_set_active",
    "accounts_import",
    "clean_account_fields",
    "one_time_password",
    "template_xlsx",
]
