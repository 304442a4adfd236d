"""QR codes printed on certificates and decisions: they open the public record of the paper.

The target is the awards capability's public page (`awards:public_decision` /
`awards:public_award`, both taking `public_id`). Until those URLs exist the path falls back to the
documented ones below, so papers printed now keep working once the pages land at those paths.
"""

import io

import qrcode
from django.conf import settings
from django.urls import NoReverseMatch, reverse

PUBLIC_ROUTES = {
    # kind → (URL name, fallback path)
    "decision": ("awards:public_decision", "/khen-thuong/cong-khai/quyet-dinh/{public_id}/"),
    "certificate": ("awards:public_award", "/khen-thuong/cong-khai/khen-thuong/{public_id}/"),
    "certificate_overlay": ("awards:public_award", "/khen-thuong/cong-khai/khen-thuong/{public_id}/"),
}


def public_url(kind: str, public_id: str) -> str:
    name, fallback = PUBLIC_ROUTES[kind]
    try:
        path = reverse(name, kwargs={"public_id": public_id})
    except NoReverseMatch:
        path = fallback.format(public_id=public_id)
    return settings.THIDUA_PUBLIC_BASE_URL.rstrip("/") + path


def target_for(kind: str, context: dict) -> str:
    """The URL a paper's QR code opens: the builder's `qr_url` if given, else from `public_id`."""
    return str(context.get("qr_url") or public_url(kind, str(context.get("public_id", ""))))


def png(data: str, box_size: int = 6) -> bytes:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size, border=2)
    code.add_data(data)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()
