"""Guard against guessing codes: count wrong codes per client address in the cache.

Codes carry 100 random bits, so guessing cannot succeed; this only stops a client hammering the
endpoint with wrong codes (and keeps the logs readable).
"""

from django.core.cache import cache
from django.http import HttpRequest

from .errors import TooManyAttempts

LIMIT = 30
WINDOW_SECONDS = 600


def _key(request: HttpRequest) -> str:
    return f"voting:bad-code:{request.META.get('REMOTE_ADDR', '')}"


def check(request: HttpRequest) -> None:
    if cache.get(_key(request), 0) >= LIMIT:
        raise TooManyAttempts()


def record_failure(request: HttpRequest) -> None:
    key = _key(request)
    if not cache.add(key, 1, WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, WINDOW_SECONDS)
