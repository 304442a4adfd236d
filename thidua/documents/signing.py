"""Digital signatures on papers (issue 20.3): PAdES signing of a generated PDF and verification of an
uploaded signed PDF, with pyHanko (CMS inside the PDF, ETSI.CAdES.detached sub-filter). No
cryptography is written here: pyHanko signs and validates, `cryptography` reads PKCS#12 files.

A key is either a PKCS#12 file (opened with its passphrase) or sits on a PKCS#11 token — a USB
signing token as Vietnamese officials use, or an HSM — reached through its vendor's module with
python-pkcs11 and pyHanko's PKCS11Signer (`TokenKey`): the PIN is typed at each signing and lives
only for that signing; the private key never leaves the token.

Where the signature goes: Decree 30/2020 puts the signer's signature between the line naming the
signer's authority/position and the signer's full name, in the right-hand signature block of the
last page; a digital signature's image takes that place. We find the signer's name on the last
page (poppler's `pdftotext -bbox`) and put the visible signature in the gap just above it; when the
name cannot be found, the box goes to the bottom right of the last page.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import hashlib
import html
import io
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .errors import SignatureKeyRefused, SignedPdfUnreadable

FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
BOX_WIDTH, BOX_HEIGHT = 200, 62  # points (A4 is 595 × 842)
FIELD_NAME = "ChuKySo"


def _run(coroutine):
    """Run one of pyHanko's coroutines to its end from synchronous code. A thread that already runs an
    event loop (a Playwright test, an async server) cannot start a second one, so the coroutine then
    runs in a short-lived thread of its own."""
    import asyncio
    import concurrent.futures

    try:
        running = asyncio.get_running_loop()
    except RuntimeError:  # the usual case: no loop in this thread
        running = None
    if running is None:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@dataclasses.dataclass(frozen=True)
class TokenKey:
    """Where a key lives on a PKCS#11 token, and the PIN typed for this one signing."""

    module: str  # the token vendor's PKCS#11 library, one of settings.THIDUA_PKCS11_MODULES
    token_label: str
    key_label: str
    pin: str = dataclasses.field(repr=False, default="")


@dataclasses.dataclass(frozen=True)
class KeyMaterial:
    """A private key and its certificate, loaded for one signing and then dropped; or, for a key on
    a token, the certificate and where the key is (`token`): the key itself stays on the token."""

    certificate: x509.Certificate
    private_key: object = None
    chain: tuple[x509.Certificate, ...] = ()
    token: TokenKey | None = None


def certificate_pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


def certificate_fingerprint(certificate: x509.Certificate) -> str:
    return hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()


def load_certificate(pem: str) -> x509.Certificate:
    return x509.load_pem_x509_certificate(pem.encode())


def subject_name(certificate: x509.Certificate) -> str:
    names = certificate.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(names[0].value) if names else certificate.subject.rfc4514_string()


def load_pkcs12(data: bytes, passphrase: str) -> KeyMaterial:
    """Open a PKCS#12 file; SignatureKeyRefused (422) for a wrong passphrase or a file without a key."""
    try:
        key, certificate, extra = pkcs12.load_key_and_certificates(data, passphrase.encode() or None)
    except (ValueError, TypeError) as error:
        raise SignatureKeyRefused(reason=_("sai mật khẩu hoặc tệp không phải PKCS#12")) from error
    if key is None or certificate is None:
        raise SignatureKeyRefused(reason=_("tệp không chứa khóa bí mật và chứng thư số"))
    return KeyMaterial(certificate=certificate, private_key=key, chain=tuple(extra or ()))


def check_valid_now(certificate: x509.Certificate, now: datetime.datetime) -> None:
    if not (certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc):
        raise SignatureKeyRefused(
            reason=_("chứng thư số hết hiệu lực hoặc chưa có hiệu lực (từ %(start)s đến %(end)s)")
            % {
                "start": certificate.not_valid_before_utc.date().strftime("%d/%m/%Y"),
                "end": certificate.not_valid_after_utc.date().strftime("%d/%m/%Y"),
            }
        )


def _simple_signer(material: KeyMaterial):
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    der = material.private_key.private_bytes(  # type: ignore[attr-defined]
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    chain = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in material.chain]
    return signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(
            material.certificate.public_bytes(serialization.Encoding.DER)
        ),
        signing_key=asn1_keys.PrivateKeyInfo.load(der),
        cert_registry=SimpleCertificateStore.from_certs(chain),
    )


# -- keys on PKCS#11 tokens ------------------------------------------------------------------------


def pkcs11_modules() -> tuple[str, ...]:
    return tuple(getattr(settings, "THIDUA_PKCS11_MODULES", ()))


def _check_module(module: str) -> None:
    if module not in pkcs11_modules():
        raise SignatureKeyRefused(
            reason=_("thư viện PKCS#11 “%(module)s” không nằm trong danh sách được phép của máy chủ")
            % {"module": module[:200]}
        )
    if not Path(module).is_file():
        raise SignatureKeyRefused(
            reason=_("máy chủ chưa cài thư viện PKCS#11 “%(module)s”") % {"module": module[:200]}
        )


@contextlib.contextmanager
def token_session(token: TokenKey, *, login: bool = True) -> Iterator[object]:
    """An open session on the token (logged in with the PIN when `login`), closed afterwards; every
    token failure becomes a SignatureKeyRefused (422) saying what to do."""
    _check_module(token.module)
    from pkcs11 import exceptions as p11_errors
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import open_pkcs11_session

    if login and not token.pin:
        raise SignatureKeyRefused(reason=_("cần nhập mã PIN của thiết bị ký số"))
    try:
        session = open_pkcs11_session(
            token.module,
            token_criteria=TokenCriteria(label=token.token_label),
            user_pin=token.pin if login else None,
        )
    except p11_errors.PinIncorrect as error:
        raise SignatureKeyRefused(reason=_("sai mã PIN của thiết bị ký số")) from error
    except p11_errors.PinLocked as error:
        raise SignatureKeyRefused(
            reason=_("thiết bị ký số đã bị khóa do nhập sai mã PIN nhiều lần")
        ) from error
    except p11_errors.PKCS11Error as error:
        raise SignatureKeyRefused(
            reason=_("không tìm thấy thiết bị ký số “%(label)s” (hãy cắm thiết bị vào máy chủ ký)")
            % {"label": token.token_label}
        ) from error
    try:
        yield session
    finally:
        with contextlib.suppress(Exception):
            session.close()  # type: ignore[attr-defined]


def token_certificate(session: object, key_label: str) -> x509.Certificate:
    """The certificate stored on the token under the key's label (public: no PIN needed)."""
    from pkcs11 import Attribute, ObjectClass

    found = list(
        session.get_objects(  # type: ignore[attr-defined]
            {Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.LABEL: key_label}
        )
    )
    if len(found) != 1:
        raise SignatureKeyRefused(
            reason=_("thiết bị ký số không có (đúng một) chứng thư số mang nhãn “%(label)s”")
            % {"label": key_label}
        )
    return x509.load_der_x509_certificate(bytes(found[0][Attribute.VALUE]))


def load_token(token: TokenKey, *, login: bool = True) -> KeyMaterial:
    """Read the key's certificate from the token; with `login`, the PIN is checked too (a wrong PIN
    is refused before anything is prepared for signing)."""
    with token_session(token, login=login) as session:
        certificate = token_certificate(session, token.key_label)
    return KeyMaterial(certificate=certificate, token=token)


@contextlib.contextmanager
def _signer(material: KeyMaterial) -> Iterator[object]:
    """pyHanko's signer for this key: in memory for a PKCS#12 key; on the token, within one logged-in
    session, for a token key (the certificate on the token must still be the registered one)."""
    if material.token is None:
        yield _simple_signer(material)
        return
    from pkcs11 import exceptions as p11_errors
    from pyhanko.sign.general import SigningError
    from pyhanko.sign.pkcs11 import PKCS11Signer

    with token_session(material.token) as session:
        on_token = token_certificate(session, material.token.key_label)
        if certificate_fingerprint(on_token) != certificate_fingerprint(material.certificate):
            raise SignatureKeyRefused(
                reason=_("chứng thư trên thiết bị ký số không khớp với chứng thư đã đăng ký")
            )
        try:
            yield PKCS11Signer(
                session,  # type: ignore[arg-type]
                key_label=material.token.key_label,
                signing_cert=asn1_x509.Certificate.load(on_token.public_bytes(serialization.Encoding.DER)),
            )
        except (p11_errors.PKCS11Error, SigningError) as error:
            raise SignatureKeyRefused(
                reason=_("thiết bị ký số không ký được bằng khóa “%(label)s”")
                % {"label": material.token.key_label}
            ) from error


# -- where the signature goes ----------------------------------------------------------------------


def _last_page_words(pdf: bytes) -> tuple[float, float, list[tuple[str, float, float, float, float]]]:
    """(page width, page height, [(word, xmin, ymin, xmax, ymax)]) of the last page, top-left origin."""
    if shutil.which("pdftotext") is None:
        return 0.0, 0.0, []
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(pdf)
        pages = _page_count(source)
        if not pages:
            return 0.0, 0.0, []
        result = subprocess.run(
            ["pdftotext", "-bbox", "-f", str(pages), "-l", str(pages), str(source), "-"],
            capture_output=True,
            timeout=60,
            check=False,
        )
    text = result.stdout.decode("utf-8", "replace")
    page = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', text)
    if page is None:
        return 0.0, 0.0, []
    words = [
        (
            html.unescape(m.group(5)),
            float(m.group(1)),
            float(m.group(2)),
            float(m.group(3)),
            float(m.group(4)),
        )
        for m in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', text
        )
    ]
    return float(page.group(1)), float(page.group(2)), words


def _page_count(path: Path) -> int:
    if shutil.which("pdfinfo") is None:
        return 1
    result = subprocess.run(["pdfinfo", str(path)], capture_output=True, timeout=60, check=False)
    found = re.search(rb"^Pages:\s+(\d+)", result.stdout, re.M)
    return int(found.group(1)) if found else 0


def signature_box(pdf: bytes, signer_name: str) -> tuple[int, int, int, int]:
    """The visible signature's box (x1, y1, x2, y2 in PDF points, bottom-left origin) on the last page:
    just above the last line holding the signer's name; else the bottom right corner."""
    width, height, words = _last_page_words(pdf)
    if not width:
        width, height = 595.0, 842.0
    name_words = signer_name.split()
    found = None
    if name_words:
        for i in range(len(words) - len(name_words), -1, -1):
            if [w[0] for w in words[i : i + len(name_words)]] == name_words:
                found = words[i : i + len(name_words)]
                break
    if found is None:
        x2 = int(width - 36)
        return (x2 - BOX_WIDTH, 40, x2, 40 + BOX_HEIGHT)
    centre = (min(w[1] for w in found) + max(w[3] for w in found)) / 2
    top_of_name = min(w[2] for w in found)  # top-left origin
    x1 = int(max(18.0, min(centre - BOX_WIDTH / 2, width - 18 - BOX_WIDTH)))
    y1 = int(height - top_of_name) + 2  # just above the name, in bottom-left coordinates
    return (x1, y1, x1 + BOX_WIDTH, y1 + BOX_HEIGHT)


# -- signing ---------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class StampText:
    signer: str
    position: str
    unit: str
    place: str
    reason: str


def sign_pdf(pdf: bytes, material: KeyMaterial, stamp: StampText, *, signer_name_on_paper: str = "") -> bytes:
    """A PAdES signature (B-B level) with a visible block: signer, position, unit, time."""
    from pyhanko import stamp as stamps
    from pyhanko.pdf_utils import text
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.sign import fields, signers

    lines = [
        f"Ký bởi: {stamp.signer}",
        f"Chức vụ: {stamp.position}" if stamp.position else "",
        f"Đơn vị: {stamp.unit}" if stamp.unit else "",
        "Thời gian: %(ts)s",
    ]
    style = stamps.TextStampStyle(
        stamp_text="\n".join(
            line.replace("%", "%%") if "%(ts)s" not in line else line for line in lines if line
        ),
        timestamp_format="%H:%M:%S %d/%m/%Y %z",
        text_box_style=text.TextBoxStyle(font=GlyphAccumulatorFactory(str(FONT)), font_size=8),
        border_width=1,
    )
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=stamp.reason,
        location=stamp.place,
        name=stamp.signer,
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        existing = {name for name, _field, _ref in fields.enumerate_sig_fields(writer)}
        field = FIELD_NAME if FIELD_NAME not in existing else f"{FIELD_NAME}{len(existing) + 1}"
        meta = dataclasses.replace(meta, field_name=field)
        spec = fields.SigFieldSpec(
            field, on_page=-1, box=signature_box(pdf, signer_name_on_paper or stamp.signer)
        )
        with _signer(material) as signer:
            signed = _run(
                signers.PdfSigner(
                    meta,
                    signer=signer,  # type: ignore[arg-type]
                    stamp_style=style,
                    new_field_spec=spec,
                ).async_sign_pdf(writer)
            )
    except (PdfReadError, ValueError) as error:
        raise SignedPdfUnreadable() from error
    return signed.getvalue()


# -- verification ----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class SignatureReport:
    field: str
    signer: str
    subject: str
    fingerprint: str
    signed_at: datetime.datetime | None
    intact: bool  # the signed bytes are unchanged and the signature matches the certificate
    whole_file: bool  # nothing was added after this signature
    changed_after: str  # "" when nothing was added; else what the later revision did
    registered: bool  # the certificate is one this installation knows (own units or partners)
    certificate_valid: bool

    @property
    def verdict(self) -> str:
        if not self.intact:
            return str(_("Chữ ký không hợp lệ: nội dung đã bị sửa sau khi ký"))
        if not self.whole_file:
            return str(_("Chữ ký hợp lệ cho bản đã ký, nhưng tệp đã được thêm nội dung sau khi ký"))
        if not self.registered:
            return str(_("Chữ ký đúng, nhưng chứng thư số chưa được đăng ký trong hệ thống"))
        return str(_("Chữ ký hợp lệ, văn bản không bị thay đổi sau khi ký"))


def verify_pdf(pdf: bytes, known_certificates: Iterable[x509.Certificate]) -> list[SignatureReport]:
    """Every signature of `pdf`, checked. SignedPdfUnreadable for a file that is not a readable PDF."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    known = {certificate_fingerprint(c): c for c in known_certificates}
    roots = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in known.values()]
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise SignedPdfUnreadable() from error
    reports = []
    for signature in embedded:
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        try:
            status = _run(async_validate_pdf_signature(signature, context))
        except (SignatureValidationError, ValueError, KeyError, TypeError) as error:
            raise SignedPdfUnreadable() from error
        cert = x509.load_der_x509_certificate(status.signing_cert.dump())
        fingerprint = certificate_fingerprint(cert)
        whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        level = getattr(status, "modification_level", None)
        reports.append(
            SignatureReport(
                field=signature.field_name,
                signer=subject_name(cert),
                subject=cert.subject.rfc4514_string(),
                fingerprint=fingerprint,
                signed_at=status.signer_reported_dt,
                intact=bool(status.intact and status.valid),
                whole_file=whole,
                changed_after="" if whole else str(getattr(level, "name", "")),
                registered=fingerprint in known,
                certificate_valid=bool(status.trusted) and fingerprint in known,
            )
        )
    return reports


# -- detached CMS signatures over data (exchange packages) -----------------------------------------


def sign_data(data: bytes, material: KeyMaterial) -> bytes:
    """A detached CMS (PKCS#7) SignedData over `data`, DER-encoded, with the signer's certificate."""
    from pyhanko.sign.general import SigningError

    try:
        with _signer(material) as signer:
            content_info = _run(
                signer.async_sign_general_data(data, "sha256", detached=True)  # type: ignore[attr-defined]
            )
    except SigningError as error:
        raise SignatureKeyRefused(reason=str(error)) from error
    return content_info.dump()


@dataclasses.dataclass(frozen=True)
class DataSignature:
    intact: bool
    certificate: x509.Certificate | None


def verify_data(data: bytes, signature: bytes) -> DataSignature:
    """Check a detached CMS signature over `data`; the signer's certificate is returned for the caller
    to compare with the one it has registered (trust is decided by the registry, not by a CA here)."""
    from asn1crypto import cms
    from pyhanko.sign.validation import generic_cms
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko_certvalidator import ValidationContext

    try:
        content_info = cms.ContentInfo.load(signature)
        signed_data = content_info["content"]
        status = _run(
            generic_cms.async_validate_detached_cms(
                data, signed_data, signer_validation_context=ValidationContext(allow_fetching=False)
            )
        )
    except (SignatureValidationError, ValueError, KeyError, TypeError):
        return DataSignature(intact=False, certificate=None)
    cert = x509.load_der_x509_certificate(status.signing_cert.dump())
    return DataSignature(intact=bool(status.intact and status.valid), certificate=cert)
