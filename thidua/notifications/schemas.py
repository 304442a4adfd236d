import datetime

from ninja import Schema
from pydantic import Field

from thidua.core.schemas import MAX_ITEMS, Id


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None


class NotificationListOut(Schema):
    unread: int
    items: list[NotificationOut]


class MarkReadIn(Schema):
    ids: list[Id] = Field(default_factory=list, max_length=MAX_ITEMS)
    all: bool = False


class MarkReadOut(Schema):
    marked: int
    unread: int


class PreferenceIn(Schema):
    email: bool


class PreferenceOut(Schema):
    email: bool
