"""PDF conversions per user: LibreOffice costs a CPU-second or more per paper, so one user may start
at most `THIDUA_PDF_CONVERSIONS_PER_MINUTE` (default 6) conversions per minute. A PDF already made
(a document's stored PDF, a cached preview) is served without counting.

Counted in the default cache (like the vote throttle): per process with the default local-memory
cache, shared by every worker when a shared cache is configured.
"""

import time

from django.conf import settings
from django.core.cache import cache

from thidua.accounts.models import User

from .errors import PdfRateLimited

WINDOW_SECONDS = 60
DEFAULT_PER_MINUTE = 6


def limit() -> int:
    return int(getattr(settings, "THIDUA_PDF_CONVERSIONS_PER_MINUTE", DEFAULT_PER_MINUTE))


def pdf_take(actor: User) -> None:
    """Count one conversion for this user; PdfRateLimited (429) past the limit of this minute."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = f"documents:pdf:{getattr(actor, 'pk', None)}:{window}"
    cache.add(key, 0, WINDOW_SECONDS * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, WINDOW_SECONDS * 2)
        count = 1
    if count > limit():
        raise PdfRateLimited(limit=limit(), seconds=int(WINDOW_SECONDS - now % WINDOW_SECONDS) + 1)
