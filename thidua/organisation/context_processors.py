"""Template context for every page: who is signed in, in which unit and role (shown in the header)."""

from django.utils.functional import SimpleLazyObject

from . import selectors


def current_grants(request) -> dict:
    user = getattr(request, "user", None)
    # lazy: HTMX fragments that never show the header run no query
    return {"user_grants": SimpleLazyObject(lambda: selectors.user_grants(user=user))}
