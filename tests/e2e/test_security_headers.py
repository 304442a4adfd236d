"""Security headers (13.16): CSP without inline script, Permissions-Policy, Referrer-Policy; no
redirect to a foreign Referer after a refused form POST."""

import re
from pathlib import Path

import pytest
from django.template import engines
from django.urls import reverse

from thidua.emulation.tests.factories import make_covenant

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part}


@pytest.mark.parametrize("path", ["/", "/tai-khoan/dang-nhap/", "/admin/", "/api/v1/docs"])
def test_every_page_carries_the_security_headers(client, users, path):
    client.force_login(users["board"])
    response = client.get(path, follow=True)
    assert response.status_code == 200
    csp = _directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no nonce needed
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"


def _template_files():
    yield from sorted((ROOT / "thidua").glob("*/templates/**/*.html"))


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)


def test_no_template_has_inline_script_or_event_handler_attributes():
    offenders = []
    for path in _template_files():
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, HANDLER, re.compile(r"javascript:", re.IGNORECASE)):
            offenders += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert offenders == []


def test_the_page_script_is_loaded_from_static_on_every_page(client, users):
    client.force_login(users["board"])
    html = client.get("/").content.decode()
    assert re.search(r'<script src="/static/core/app\.js" defer>', html)
    assert engines["django"].engine.find_template("core/base.html")


@pytest.mark.parametrize(
    "referer",
    [
        "https://evil.example/phish",
        "//evil.example/x",
        "javascript:alert(1)",
        "http://testserver@evil.example/",
    ],
)
def test_a_refused_form_post_never_redirects_to_a_foreign_referer(client, users, term, provinces, referer):
    make_covenant(term)
    client.force_login(users["foreign_officer"])
    url = reverse("emulation:target_create", args=[term.pk, provinces[1].pk])
    response = client.post(url, {"indicator": "x"}, HTTP_REFERER=referer)
    assert response.status_code == 302
    assert "evil" not in response["Location"] and "javascript" not in response["Location"]
    assert response["Location"] == url


def test_a_refused_form_post_goes_back_to_the_page_of_this_site_it_came_from(client, users, term, provinces):
    make_covenant(term)
    client.force_login(users["foreign_officer"])
    url = reverse("emulation:target_create", args=[term.pk, provinces[1].pk])
    page = "http://testserver" + reverse("emulation:registration", args=[term.pk, provinces[1].pk])
    response = client.post(url, {"indicator": "x"}, HTTP_REFERER=page)
    assert response.status_code == 302 and response["Location"] == page
