"""QR codes printed on certificates and decisions: they open the verification page of the paper.

Verification is not disclosure (issue 17.11): the code carries a token signed with Django's signing
(HMAC-SHA256 over the paper's kind and random public_id, salt "thidua.verify"), so it cannot be guessed
or forged, and `awards:verify` answers for as long as the award stands — whatever the public-disclosure
window — with "đã bị hủy" once it is annulled. Prefixed by THIDUA_PUBLIC_BASE_URL.
"""

import io

import qrcode
from django.conf import settings
from django.core import signing
from django.urls import reverse

PUBLIC_ROUTES = {
    "decision": "awards:public_decision",
    "certificate": "awards:public_award",
    "certificate_overlay": "awards:public_award",
}


def public_url(route: str, public_id: object) -> str:
    """The absolute address of a public record page (THIDUA_PUBLIC_BASE_URL + the route's path).

    The one builder: the awards pages (batch, decision, award) and the QR codes both use it."""
    return settings.THIDUA_PUBLIC_BASE_URL.rstrip("/") + reverse(route, kwargs={"public_id": public_id})


VERIFY_SALT = "thidua.verify"
VERIFY_KINDS = {"decision": "decision", "certificate": "record", "certificate_overlay": "record"}


def verification_token(kind: str, public_id: object) -> str:
    """`kind` is "record" or "decision"; the token is "<kind>:<uuid>:<signature>" (no expiry)."""
    return signing.Signer(salt=VERIFY_SALT).sign(f"{kind}:{public_id}")


def verification_load(token: str) -> tuple[str, str] | None:
    """(kind, public_id) of a genuine token, None for a forged or damaged one."""
    try:
        value = signing.Signer(salt=VERIFY_SALT).unsign(token[:200])
    except signing.BadSignature:
        return None
    kind, _sep, public_id = value.partition(":")
    return (kind, public_id) if kind in ("record", "decision") else None


def verification_url(kind: str, public_id: object) -> str:
    return settings.THIDUA_PUBLIC_BASE_URL.rstrip("/") + reverse(
        "awards:verify", kwargs={"token": verification_token(kind, public_id)}
    )


def target_for(kind: str, context: dict) -> str:
    """The URL a paper's QR code opens: the builder's `qr_url` if given, else the verification page."""
    return str(
        context.get("qr_url") or verification_url(VERIFY_KINDS[kind], str(context.get("public_id", "")))
    )


def png(data: str, box_size: int = 6) -> bytes:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size, border=2)
    code.add_data(data)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()
