import datetime

from ninja import Schema

from thidua.core.schemas import Date, Id, Text


class GrantOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    role: str
    role_label: str
    valid_from: datetime.date | None
    ended_on: datetime.date | None

    @staticmethod
    def resolve_unit_name(obj) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_role_label(obj) -> str:
        return str(obj.get_role_display())


class AccountOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    rank: str
    position: str
    is_active: bool
    must_change_password: bool
    grants: list[GrantOut]

    @staticmethod
    def resolve_grants(obj) -> list:
        return list(obj.unit_roles.all())


class AccountIn(Schema):
    username: str = Text(max_length=60)
    full_name: str = Text(max_length=150)
    email: str = Text("", max_length=254)
    rank: str = Text("", max_length=80)
    position: str = Text("", max_length=150)
    unit_id: Id
    role: str = Text(max_length=20)


class AccountCreatedOut(Schema):
    account: AccountOut
    one_time_password: str  # shown once: not stored in clear, never e-mailed


class PasswordOut(Schema):
    one_time_password: str


class StateIn(Schema):
    is_active: bool


class GrantIn(Schema):
    unit_id: Id
    role: str = Text(max_length=20)


class GrantEndIn(Schema):
    ended_on: Date | None = None


class NewAccountOut(Schema):
    username: str
    full_name: str
    set_password_url: str


class ImportOut(Schema):
    created: list[NewAccountOut]
    grants: int
    existing: list[str]
