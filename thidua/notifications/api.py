"""API twin of the notifications page: the user's own list, mark read, the e-mail setting."""

from ninja import Query, Router

from thidua.core.schemas import Offset

from . import selectors, services
from .schemas import MarkReadIn, MarkReadOut, NotificationListOut, PreferenceIn, PreferenceOut

router = Router(tags=["Thông báo"])


@router.get("/notifications", response=NotificationListOut)
def list_notifications(
    request, unread_only: bool = False, limit: int = Query(50, ge=1, le=200), offset: Offset = 0
):
    items = selectors.notification_list(actor=request.user, unread_only=unread_only)[offset : offset + limit]
    return {"unread": selectors.unread_count(actor=request.user), "items": list(items)}


@router.post("/notifications/read", response=MarkReadOut)
def mark_read(request, payload: MarkReadIn):
    """Mark the given ids read (ids of someone else's notifications change nothing), or `all: true`."""
    ids = None if payload.all else payload.ids
    marked = services.notifications_mark_read(actor=request.user, ids=ids)
    return {"marked": marked, "unread": selectors.unread_count(actor=request.user)}


@router.put("/notifications/preferences", response=PreferenceOut)
def set_preference(request, payload: PreferenceIn):
    user = services.email_preference_set(actor=request.user, enabled=payload.email)
    return {"email": user.email_notifications}
