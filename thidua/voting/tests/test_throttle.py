"""Issue 13.4: guessing codes is slowed per client address; a valid unused code always gets through."""

import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from thidua.voting import throttle
from thidua.voting.models import SealedBallot
from thidua.voting.tests.factories import codes_of

pytestmark = pytest.mark.django_db

WRONG = "SAIMA" * 4


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(throttle, "_now", lambda: now[0])
    return now


def _guess(client, n, **headers):
    url = reverse("voting:vote")
    return [client.post(url, {"code": WRONG}, **headers).status_code for _ in range(n)]


def _cast(client, code, **headers):
    return client.post(
        "/api/v1/voting/cast",
        json.dumps({"code": code, "choices": {}}),
        content_type="application/json",
        **headers,
    )


def test_a_guesser_is_refused_but_a_voter_at_the_same_address_still_votes(client, open_ballot, clock):
    statuses = _guess(client, 40)
    assert statuses[: throttle.FREE_FAILURES + 1] == [404] * (throttle.FREE_FAILURES + 1)
    assert set(statuses[throttle.FREE_FAILURES + 1 :]) == {429}
    refused = client.post(reverse("voting:vote"), {"code": WRONG})
    assert refused.status_code == 429 and refused["Retry-After"] == "2"
    assert "Nhập sai mã quá nhiều lần" in refused.content.decode()
    # the next person on the same Wi-Fi (same REMOTE_ADDR) with a real code: page, vote, receipt
    code, other = codes_of(open_ballot)[:2]
    option = open_ballot.options.order_by("order").first()
    assert client.post(reverse("voting:vote"), {"code": code}).status_code == 200
    voted = client.post(reverse("voting:vote"), {"code": code, "step": "cast", f"option_{option.pk}": "yes"})
    assert voted.status_code == 200 and SealedBallot.objects.filter(ballot=open_ballot).count() == 1
    assert _cast(client, other).status_code == 201  # the API too
    assert _cast(client, WRONG).status_code == 429


def test_the_api_backs_off_on_unknown_codes_only(client, open_ballot, clock):
    statuses = [_cast(client, WRONG).status_code for _ in range(throttle.FREE_FAILURES + 2)]
    assert statuses == [404] * (throttle.FREE_FAILURES + 1) + [429]
    body = _cast(client, WRONG).json()
    assert body["code"] == "too_many_attempts" and "giây" in body["message"]


def test_behind_the_trusted_proxy_each_client_address_backs_off_on_its_own(
    client, open_ballot, clock, settings
):
    settings.THIDUA_TRUSTED_PROXY_COUNT = 1
    guesser = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.66"}
    voter = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    assert _guess(client, 20, **guesser)[-1] == 429
    # another client behind the same proxy mistypes its code: told "wrong", not locked out
    assert _guess(client, 1, **voter) == [404]
    # the guesser cannot escape by forging the left part of the header
    forged = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.66"}
    assert _guess(client, 1, **forged) == [429]


def test_back_off_doubles_with_each_further_failure(client, open_ballot, clock):
    _guess(client, throttle.FREE_FAILURES)
    for wait in (1, 2, 4, 8, 16):
        assert _guess(client, 1) == [404]  # answered "wrong"; now the source waits `wait` seconds
        clock[0] += wait - 0.5
        assert _guess(client, 1) == [429]
        clock[0] += 0.5
    assert _guess(client, 1) == [404]
    clock[0] += throttle.FORGET_SECONDS + throttle.MAX_DELAY_SECONDS + 1  # a quiet hour: starts over
    cache.clear()  # what the cache timeout does
    assert set(_guess(client, throttle.FREE_FAILURES + 1)) == {404}


def test_delay_schedule():
    assert [throttle.delay_for(n) for n in range(throttle.FREE_FAILURES, throttle.FREE_FAILURES + 5)] == [
        0,
        1,
        2,
        4,
        8,
    ]
    assert throttle.delay_for(10_000) == throttle.MAX_DELAY_SECONDS
