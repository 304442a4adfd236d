"""Rendered pages kept per user and browser, keyed by the data version (core.dataversion).

A page is reused only while nothing has been written since it was rendered, for the same user
(and the fields of the user the page shows), the same browser (its CSRF cookie, so the tokens in
the page's forms stay valid), the same language, address, HTMX-ness and day. Pages with a flash
message waiting are rendered fresh, and so is any request without a CSRF cookie yet.

The cache is the "pages" cache alias: process-local memory by default; it can be pointed at a
shared cache (Redis, memcached) in settings. A TTL bounds what a lost update could leave behind.
"""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control

from . import dataversion

ALIAS = "pages"


def _key(request: HttpRequest) -> str | None:
    csrf_cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    user = request.user
    if not csrf_cookie or not user.is_authenticated:
        return None
    parts = (
        str(dataversion.current()),
        str(user.pk),
        user.get_username(),
        user.get_full_name(),
        str(user.is_staff),
        str(user.is_superuser),
        csrf_cookie,
        translation.get_language() or "",
        request.get_full_path(),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
        timezone.localdate().isoformat(),
    )
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=20).hexdigest()
    return f"page:{digest}"


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a GET page from the cache when nothing it could show has changed; otherwise render it."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "GET" or len(get_messages(request)):
            return view(request, *args, **kwargs)
        key = _key(request)
        if key is None:
            return view(request, *args, **kwargs)
        cache = caches[ALIAS]
        stored = cache.get(key)
        if stored is not None:
            content, content_type = stored
            response = HttpResponse(content, content_type=content_type)
            response["X-Page-Cache"] = "hit"
        else:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response.render()
            if response.status_code == 200 and not response.streaming and not response.cookies:
                cache.set(key, (response.content, response["Content-Type"]))
                response["X-Page-Cache"] = "miss"
        patch_cache_control(response, private=True)
        return response

    return wrapper
