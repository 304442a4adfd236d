"""Every page and endpoint asks for a login, except the few meant to be public."""

import re
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

PUBLIC = (
    r"^/healthz$",
    r"^/tai-khoan/",  # login, logout, password pages
    r"^/khen-thuong/cong-khai/",  # published decisions and proposal lists (public disclosure)
    r"^/bo-phieu/bau/$",  # a voter with a one-time code (no account; the code in the POST body)
    r"^/i18n/",
    r"^/api/docs",
    r"^/api/v1/(docs|openapi\.json)",
    r"^/admin/",  # Django admin: its own staff login
    r"^/static/",
    r"^/media/",
)
SAMPLE = {"int": "1", "uuid": str(uuid.uuid4()), "slug": "x", "str": "x", "path": "x"}


def _paths(patterns, prefix=""):
    for pattern in patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _paths(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern):
            full = prefix + route
            if full.startswith("^") or "(?P" in full:  # regex routes: fill the named groups by hand
                full = re.sub(r"\(\?P<(\w+)>[^)]*\)", "ABCDEFGHJKLMNPQRS", full).strip("^$")
                full = full.replace("\\", "")
            full = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m.group(1) or "str", "x"), full)
            yield "/" + full.lstrip("^")


def test_every_non_public_url_refuses_an_anonymous_visitor():
    client = Client()
    leaks = []
    checked = 0
    for path in sorted(set(_paths(get_resolver().url_patterns))):
        if any(re.match(rule, path) for rule in PUBLIC):
            continue
        checked += 1
        response = client.get(path)
        redirected_to_login = response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]
        if not (redirected_to_login or response.status_code in (401, 403, 404, 405)):
            leaks.append(f"{path} → {response.status_code}")
    assert checked > 100
    assert not leaks, "\n".join(leaks)
