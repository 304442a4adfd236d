"""The bell in the header: the unread count, computed only when a page shows it."""

from django.utils.functional import SimpleLazyObject

from . import selectors


def unread(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": SimpleLazyObject(lambda: selectors.unread_count(actor=user))}
