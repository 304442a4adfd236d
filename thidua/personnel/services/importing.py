"""Excel import of accounts with their roles, all or nothing (issue 15.3a).

Sheet “Tài khoản”, one row per role: the same username on several rows gives that person several
roles. The file is checked by core.uploads (size, type by content, zip package, sheet extent) before
calamine reads it; formulas are refused; every row is validated (fields, unit in the importer's units,
role the importer may grant, an existing account only if the importer manages it) and one error
anywhere saves nothing. New accounts get no password: each gets a one-time link to set it
(Django's password-reset token: valid THIDUA/PASSWORD_RESET_TIMEOUT, void once used), shown once to
the importer — never e-mailed, and no clear password is made or stored.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

import xlsxwriter
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext
from python_calamine import CalamineWorkbook

from thidua.accounts.models import User
from thidua.core import uploads
from thidua.core.errors import AccessDenied, DomainError, ValidationFailed
from thidua.core.text import fold, nfc
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import Role, UnitRole

from ..errors import ImportRejected, UsernameTaken
from .accounts import clean_account_fields

SHEET_NAME = "Tài khoản"
COLUMNS = ["STT", "Tên đăng nhập", "Họ và tên", "Thư điện tử", "Cấp bậc", "Chức vụ", "Mã đơn vị", "Vai trò"]
C_NO, C_USERNAME, C_NAME, C_EMAIL, C_RANK, C_POSITION, C_UNIT, C_ROLE = range(len(COLUMNS))
FIELD_COLUMN = {
    "username": C_USERNAME,
    "full_name": C_NAME,
    "email": C_EMAIL,
    "rank": C_RANK,
    "position": C_POSITION,
}
DEFAULT_MAX_ROWS = 2000
MAX_COLUMNS = 16
MAX_ERRORS = 500


def max_rows() -> int:
    return int(getattr(settings, "THIDUA_ACCOUNT_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


@dataclass
class NewAccount:
    username: str
    full_name: str
    set_password_path: str  # shown once: the link to set the first password


@dataclass
class ImportResult:
    created: list[NewAccount] = field(default_factory=list)
    grants: int = 0
    existing: list[str] = field(default_factory=list)  # usernames that got roles only


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value)).strip()


def _error(row: int, column: int, message: Any) -> dict[str, Any]:
    return {"row": row, "column": COLUMNS[column], "message": str(message)}


def _has_formula(content: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        return any(re.search(rb"<(\w+:)?f[ >/]", archive.read(name)) for name in sheets)


def _read(name: str, source: Any) -> list[list[Any]]:
    uploads.check_upload(source, name=name, allowed=["xlsx"])  # size first: nothing read past the limit
    content = bytes(source) if isinstance(source, bytes | bytearray) else source.read()
    uploads.check_xlsx_extent(content, max_rows=max_rows() + 1, max_columns=MAX_COLUMNS, name=name)
    if _has_formula(content):
        raise ImportRejected(
            name=name,
            errors=[_error(1, C_NO, gettext("Tệp có công thức; hãy dán giá trị (không công thức)."))],
        )
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    except Exception:  # noqa: BLE001 — calamine raises various parse errors
        raise ImportRejected(
            name=name, errors=[_error(1, C_NO, gettext("Không đọc được tệp Excel."))]
        ) from None
    if SHEET_NAME not in workbook.sheet_names:
        message = gettext("Không có trang tính “%(sheet)s” (mẫu nhập có trang này).") % {"sheet": SHEET_NAME}
        raise ImportRejected(name=name, errors=[_error(1, C_NO, message)])
    rows = workbook.get_sheet_by_name(SHEET_NAME).to_python(skip_empty_area=False)
    if not rows or [_cell(v) for v in rows[0][: len(COLUMNS)]] != COLUMNS:
        message = gettext("Dòng tiêu đề không đúng mẫu: %(columns)s") % {"columns": " | ".join(COLUMNS)}
        raise ImportRejected(name=name, errors=[_error(1, C_NO, message)])
    data = [list(row) + [None] * (len(COLUMNS) - len(row)) for row in rows[1:]]
    while data and not any(_cell(v) for v in data[-1]):
        data.pop()
    if not data:
        raise ImportRejected(name=name, errors=[_error(2, C_NO, gettext("Tệp không có dòng dữ liệu nào."))])
    return data


def _roles_by_text() -> dict[str, str]:
    found = {}
    for value, label in Role.choices:
        found[value] = value
        found[fold(str(label))] = value
    return found


def accounts_import(*, actor: User, name: str, content: Any) -> ImportResult:
    """Validate every row, then create the accounts and grants in one transaction (or nothing).

    `content`: bytes or an uploaded file (checked before it is read)."""
    if not access.manages_accounts(actor):
        raise AccessDenied()
    rows = _read(name, content)
    units = {u.code.upper(): u for u in access.units_in_scope(actor, Action.MANAGE_ACCOUNTS)}
    roles = _roles_by_text()
    errors: list[dict[str, Any]] = []
    people: dict[str, dict[str, str]] = {}
    grants: list[tuple[str, Any, str, int]] = []
    seen: set[tuple[str, int, str]] = set()
    for index, row in enumerate(rows, start=2):
        if len(errors) >= MAX_ERRORS:
            break
        try:
            fields = clean_account_fields(
                username=_cell(row[C_USERNAME]),
                full_name=_cell(row[C_NAME]),
                email=_cell(row[C_EMAIL]),
                rank=_cell(row[C_RANK]),
                position=_cell(row[C_POSITION]),
            )
        except ValidationFailed as error:
            errors.append(_error(index, FIELD_COLUMN.get(error.field or "", C_USERNAME), error))
            continue
        username = fields["username"]
        if username in people and people[username] != fields:
            errors.append(
                _error(index, C_NAME, gettext("Cùng tên đăng nhập nhưng thông tin khác dòng trước."))
            )
            continue
        people[username] = fields
        unit = units.get(_cell(row[C_UNIT]).upper())
        if unit is None:
            message = gettext("Không có đơn vị mã “%(code)s” trong phạm vi quản lý của bạn.") % {
                "code": _cell(row[C_UNIT])[:60]
            }
            errors.append(_error(index, C_UNIT, message))
            continue
        role = roles.get(fold(_cell(row[C_ROLE]))) or roles.get(_cell(row[C_ROLE]).lower())
        if role is None:
            errors.append(_unknown_role(index, _cell(row[C_ROLE])))
            continue
        try:
            access.require_grant(actor, None, unit, role)
        except DomainError as error:
            errors.append(_error(index, C_ROLE, error))
            continue
        if (username, unit.pk, role) in seen:
            errors.append(_error(index, C_ROLE, gettext("Dòng lặp lại: vai trò này đã có ở dòng trước.")))
            continue
        seen.add((username, unit.pk, role))
        grants.append((username, unit, role, index))
    existing = {u.username: u for u in User.objects.filter(username__in=list(people))}
    errors += _foreign_accounts(actor, grants, existing)
    if errors:
        raise ImportRejected(name=name, errors=errors[:MAX_ERRORS])
    try:
        return _write(actor=actor, people=people, grants=grants, existing=existing)
    except IntegrityError:  # an account of the same name was made meanwhile
        raise UsernameTaken(username=", ".join(sorted(set(people) - set(existing)))) from None


def _unknown_role(index: int, text: str) -> dict[str, Any]:
    return _error(
        index,
        C_ROLE,
        gettext("Vai trò “%(role)s” không có; dùng một trong: %(roles)s")
        % {"role": text[:60], "roles": "; ".join(str(label) for _v, label in Role.choices)},
    )


def _foreign_accounts(
    actor: User, grants: list[tuple[str, Any, str, int]], existing: dict[str, User]
) -> list[dict[str, Any]]:
    """Rows naming an existing account the actor does not manage."""
    errors = []
    for username, _unit, _role, index in grants:
        account = existing.get(username)
        if account is not None and not access.can_manage_account(actor, account):
            errors.append(
                _error(
                    index,
                    C_USERNAME,
                    gettext("Tài khoản “%(username)s” đã có và không thuộc quyền quản lý của bạn.")
                    % {"username": username},
                )
            )
    return errors


@transaction.atomic
def _write(*, actor: User, people, grants, existing) -> ImportResult:
    result = ImportResult(existing=sorted(existing))
    new_users = []
    for username, fields in people.items():
        if username in existing:
            continue
        user = User(**fields)
        user.set_unusable_password()
        new_users.append(user)
    User.objects.bulk_create(new_users)
    accounts = {
        **existing,
        **{u.username: u for u in User.objects.filter(username__in=[u.username for u in new_users])},
    }
    active = set(
        UnitRole.objects.filter(user__in=list(accounts.values()), ended_on__isnull=True).values_list(
            "user_id", "unit_id", "role"
        )
    )
    today = timezone.localdate()
    rows = [
        UnitRole(user=accounts[username], unit=unit, role=role, valid_from=today, granted_by=actor)
        for username, unit, role, _index in grants
        if (accounts[username].pk, unit.pk, role) not in active
    ]
    UnitRole.objects.bulk_create(rows)
    result.grants = len(rows)
    for user in sorted(accounts.values(), key=lambda u: u.username):
        if user.username in existing:
            continue
        token = default_token_generator.make_token(user)
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        path = reverse("accounts:password_set", kwargs={"uidb64": uid, "token": token})
        result.created.append(NewAccount(user.username, user.full_name, path))
    return result


def template_xlsx() -> bytes:
    """The import template: header, one example row, a sheet listing the roles."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = workbook.add_worksheet(SHEET_NAME)
    bold = workbook.add_format({"bold": True})
    text = workbook.add_format({"num_format": "@"})
    for column, title in enumerate(COLUMNS):
        sheet.write_string(0, column, title, bold)
        sheet.set_column(column, column, 22, text)
    example = [
        "1",
        "canbo.vidu",
        "Nguyễn Văn A",
        "a.nguyen@example.gov.vn",
        "Thiếu tá",
        "Cán bộ",
        "MA-DON-VI",
    ]
    for column, value in enumerate([*example, str(Role.OFFICER.label)]):
        sheet.write_string(1, column, value)
    roles = workbook.add_worksheet("Vai trò")
    for index, (value, label) in enumerate(Role.choices):
        roles.write_string(index, 0, str(label))
        roles.write_string(index, 1, value)
    workbook.close()
    return output.getvalue()
