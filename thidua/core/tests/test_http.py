"""client_ip: the client's address behind the configured number of trusted reverse proxies."""

import pytest
from django.test import RequestFactory

from thidua.core.http import client_ip


def _request(remote="10.0.0.1", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(settings):
    settings.THIDUA_TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(forwarded="203.0.113.9")) == "10.0.0.1"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the client forged the left entry
        (2, "6.6.6.6, 203.0.113.9, 10.1.1.1", "203.0.113.9"),
        (2, "203.0.113.9", "203.0.113.9"),
        (1, "", "10.0.0.1"),
        (1, "not-an-ip", "10.0.0.1"),
        (1, " 2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_behind_trusted_proxies_the_nth_entry_from_the_right_is_the_client(
    settings, count, forwarded, expected
):
    settings.THIDUA_TRUSTED_PROXY_COUNT = count
    assert client_ip(_request(forwarded=forwarded)) == expected


def test_the_header_name_is_a_setting(settings):
    settings.THIDUA_TRUSTED_PROXY_COUNT = 1
    settings.THIDUA_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="198.51.100.7")
    assert client_ip(request) == "198.51.100.7"
