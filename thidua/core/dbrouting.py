"""Reads from a PostgreSQL streaming replica, with read-your-writes (issue 19.8).

With `DATABASE_REPLICA_URL` set, the settings add a "replica" database and this router. Only code
that declares it can live with a replica's lag reads from it: the report, statistics, look-up and
export views wrapped in `reads_from_replica`. Everything else, every write, and every read inside a
transaction on the primary use "default".

Read-your-writes: a user who has just changed something must see it. Each non-safe request (POST,
PUT, PATCH, DELETE) sets a short-lived cookie; while it lives, that browser's reads stay on the primary
(`REPLICA_PIN_SECONDS`, default 10 s, longer than the replica's usual lag). The cookie is not a
credential: forging it only sends one's own reads to the primary.
"""

from __future__ import annotations

import contextvars
import functools
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
PIN_COOKIE = "thidua_primary_until"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

_replica_allowed: contextvars.ContextVar[bool] = contextvars.ContextVar("replica_allowed", default=False)
_pinned: contextvars.ContextVar[bool] = contextvars.ContextVar("pinned_to_primary", default=False)

F = TypeVar("F", bound=Callable[..., Any])


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def pin_seconds() -> int:
    return int(getattr(settings, "REPLICA_PIN_SECONDS", 10))


def reading_database() -> str:
    """Where a read made now goes: "replica" inside a `reads_from_replica` scope of a user who has not
    written in the last few seconds, outside any transaction on the primary; else "default"."""
    if (
        replica_configured()
        and _replica_allowed.get()
        and not _pinned.get()
        and not connections["default"].in_atomic_block
    ):
        return REPLICA
    return "default"


class ReplicaRouter:
    """Database router: writes and migrations on the primary; reads per `reading_database`."""

    def db_for_read(self, model, **hints) -> str:
        return reading_database()

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the replica is a copy of the primary: the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == "default"


def reads_from_replica(view: F) -> F:
    """Let a read-only view (report, statistics, look-up, export) read from the replica."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        token = _replica_allowed.set(True)
        try:
            return view(*args, **kwargs)
        finally:
            _replica_allowed.reset(token)

    return wrapper  # type: ignore[return-value]


class ReadYourWritesMiddleware:
    """Pin a browser's reads to the primary for a few seconds after each of its writes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_configured():
            return self.get_response(request)
        try:
            until = float(request.COOKIES.get(PIN_COOKIE, "0"))
        except ValueError:
            until = 0.0
        token = _pinned.set(until > time.time() or request.method not in SAFE_METHODS)
        try:
            response = self.get_response(request)
        finally:
            _pinned.reset(token)
        if request.method not in SAFE_METHODS:
            seconds = pin_seconds()
            response.set_cookie(
                PIN_COOKIE,
                f"{time.time() + seconds:.3f}",
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response
