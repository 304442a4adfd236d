"""QR codes printed on certificates and decisions: they open the public record of the paper.

The target is the awards capability's public page (`awards:public_decision` /
`awards:public_award`, both taking `public_id`), prefixed by THIDUA_PUBLIC_BASE_URL.
"""

import io

import qrcode
from django.conf import settings
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


def target_for(kind: str, context: dict) -> str:
    """The URL a paper's QR code opens: the builder's `qr_url` if given, else from `public_id`."""
    return str(context.get("qr_url") or public_url(PUBLIC_ROUTES[kind], str(context.get("public_id", ""))))


def png(data: str, box_size: int = 6) -> bytes:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size, border=2)
    code.add_data(data)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()
