"""Scanners: each app that owns deadlines or dates registers a function `scan(today) -> Iterable[Notice]`
from its AppConfig.ready() (as paper kinds are registered with documents), so the periodic run never
imports a higher layer."""

import datetime
from collections.abc import Callable, Iterable
from typing import Any

SCANNERS: dict[str, Callable[[datetime.date], Iterable[Any]]] = {}


def register(name: str, scan: Callable[[datetime.date], Iterable[Any]]) -> None:
    SCANNERS[name] = scan
