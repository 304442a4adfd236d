"""Slow down whoever guesses codes, never the voters: exponential back-off per client address.

Only an unknown code counts as a failure, and only an unknown code is refused while its source
backs off: a valid unused code always gets through, whoever sent it. That matters because
voters share addresses (the conference Wi-Fi's NAT, and behind the reverse proxy every request
would come from the proxy: the source is `core.http.client_ip`, which reads the forwarded header
of the `THIDUA_TRUSTED_PROXY_COUNT` trusted proxies).

After `FREE_FAILURES` unknown codes a source waits 1 s, then 2 s, 4 s, … up to `MAX_DELAY_SECONDS`
before its next unknown code is even answered "wrong"; a source that stops for
`FORGET_SECONDS` starts over. Codes carry 100 random bits, so guessing cannot succeed anyway;
this keeps a hammering client from loading the database and the logs.
"""

import time

from django.core.cache import cache
from django.http import HttpRequest

from thidua.core.http import client_ip

from .errors import TooManyAttempts

FREE_FAILURES = 10
MAX_DELAY_SECONDS = 600
FORGET_SECONDS = 3600


def _now() -> float:
    return time.time()


def _key(request: HttpRequest) -> str:
    return f"voting:bad-code:{client_ip(request)}"


def delay_for(failures: int) -> int:
    """Seconds a source waits after its `failures`-th unknown code (0 while under the free allowance)."""
    if failures <= FREE_FAILURES:
        return 0
    return min(MAX_DELAY_SECONDS, 2 ** min(failures - FREE_FAILURES - 1, 30))


def refuse(request: HttpRequest) -> None:
    """Record an unknown code from this source; raise TooManyAttempts while the source must wait.

    Called only after the code was looked up and found unknown. A request that arrives while the
    source waits is refused without counting (the wait does not grow while the client is refused).
    """
    key = _key(request)
    now = _now()
    failures, until = cache.get(key, (0, 0.0))
    if until > now:
        raise TooManyAttempts(retry_after=int(until - now) + 1)
    failures += 1
    delay = delay_for(failures)
    cache.set(key, (failures, now + delay if delay else 0.0), FORGET_SECONDS + MAX_DELAY_SECONDS)
