"""Issue 20.1/20.3: signing keys per unit and PAdES signatures on generated papers.

The system admin registers a signer's PKCS#12 file; its holder — and only they — signs a paper's PDF
with the passphrase typed at that moment; the signed PDF shows the signer, position, unit and time in
a visible block placed where the signer signs (above their name on the last page); an uploaded
signed PDF is verified (who, when, altered or not). Keys and certificates are made here with the
`cryptography` package, as a certification authority would issue them."""

import datetime
import io
import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.core.errors import AccessDenied, ValidationFailed
from thidua.documents import kinds, services, signing
from thidua.documents.errors import NotSigned, SignatureKeyRefused
from thidua.documents.models import SigningIdentity

pytestmark = pytest.mark.django_db

PASSPHRASE = "Khoa-ky-so-2026"
SIGNER = "Nguyễn Văn Minh"


def make_pkcs12(
    name: str = SIGNER, unit: str = "Công an tỉnh Sóc Trăng", passphrase: str = PASSPHRASE, days: int = 365
) -> tuple[bytes, x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, name), x509.NameAttribute(NameOID.ORGANIZATION_NAME, unit)]
    )
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=2))
        .not_valid_after(now + datetime.timedelta(days=days))
        .sign(key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        b"ky-so", key, certificate, None, serialization.BestAvailableEncryption(passphrase.encode())
    )
    return data, certificate


@pytest.fixture(autouse=True)
def _fresh_pdf_throttle():
    from django.core.cache import cache

    cache.clear()  # each test converts a few PDFs: the per-minute throttle counts per test


@pytest.fixture
def plan_document(users, provinces):
    """A plan of Cụm 11 signed off by its leader, Đại tá Nguyễn Văn Minh, filed under Sóc Trăng."""
    return services.document_render(
        actor=users["cluster_staff"], kind="plan", context=kinds.demo_context("plan"), owner=provinces[0]
    )


@pytest.fixture
def key_file():
    return make_pkcs12()


@pytest.fixture
def identity(users, provinces, key_file):
    data, _certificate = key_file
    return services.signing_identity_create(
        actor=users["admin"],
        unit=provinces[0],
        user=users["cluster_staff"],
        pkcs12_data=data,
        passphrase=PASSPHRASE,
        position="Giám đốc",
    )


@pytest.fixture
def signed_document(plan_document, identity, users, soffice):
    return services.document_sign(
        actor=users["cluster_staff"], document=plan_document, identity=identity, passphrase=PASSPHRASE
    )


def _signed_bytes(document) -> bytes:
    with document.signed_pdf.open("rb") as handle:
        return handle.read()


# -- keys ------------------------------------------------------------------------------------------


def test_the_admin_registers_a_key_and_the_passphrase_is_not_kept(identity, key_file):
    _data, certificate = key_file
    assert identity.holder_name == SIGNER
    assert identity.fingerprint == signing.certificate_fingerprint(certificate)
    stored = SigningIdentity.objects.get(pk=identity.pk)
    assert PASSPHRASE not in str(stored.__dict__)
    with stored.pkcs12.open("rb") as handle:  # the file is kept as it came: still encrypted
        content = handle.read()
    with pytest.raises(SignatureKeyRefused):
        signing.load_pkcs12(content, "")


@pytest.mark.parametrize(
    ("content", "passphrase", "expected"),
    [
        (None, "sai-mat-khau", "sai mật khẩu"),
        (b"%PDF-1.4 not a key", PASSPHRASE, "không phải PKCS#12"),
        (b"\x30" + b"\x00" * 100, PASSPHRASE, "sai mật khẩu"),
        (b"\x30" * (70 * 1024), PASSPHRASE, "vượt mức cho phép"),
    ],
)
def test_a_bad_key_file_is_refused_in_vietnamese_and_nothing_is_stored(
    users, provinces, key_file, content, passphrase, expected
):
    with pytest.raises((SignatureKeyRefused, ValidationFailed, Exception)) as raised:
        services.signing_identity_create(
            actor=users["admin"],
            unit=provinces[0],
            user=users["cluster_staff"],
            pkcs12_data=content if content is not None else key_file[0],
            passphrase=passphrase,
        )
    assert expected in str(raised.value)
    assert not SigningIdentity.objects.exists()


def test_an_expired_certificate_is_refused(users, provinces):
    data, _certificate = make_pkcs12(days=-1)
    with pytest.raises(SignatureKeyRefused, match="hết hiệu lực"):
        services.signing_identity_create(
            actor=users["admin"],
            unit=provinces[0],
            user=users["cluster_staff"],
            pkcs12_data=data,
            passphrase=PASSPHRASE,
        )


def test_only_the_system_admin_registers_keys_and_a_certificate_only_once(
    users, provinces, key_file, identity
):
    with pytest.raises(AccessDenied):
        services.signing_identity_create(
            actor=users["board"],
            unit=provinces[0],
            user=users["board"],
            pkcs12_data=key_file[0],
            passphrase=PASSPHRASE,
        )
    with pytest.raises(ValidationFailed, match="đã được đăng ký"):
        services.signing_identity_create(
            actor=users["admin"],
            unit=provinces[0],
            user=users["officer"],
            pkcs12_data=key_file[0],
            passphrase=PASSPHRASE,
        )
    assert SigningIdentity.objects.count() == 1


# -- signing ---------------------------------------------------------------------------------------


def test_the_holder_signs_and_the_signed_pdf_verifies_with_signer_position_unit(signed_document, identity):
    data = _signed_bytes(signed_document)
    reports = signing.verify_pdf(data, [signing.load_certificate(identity.certificate_pem)])
    assert len(reports) == 1
    report = reports[0]
    assert (report.signer, report.intact, report.whole_file, report.registered) == (SIGNER, True, True, True)
    assert report.verdict == "Chữ ký hợp lệ, văn bản không bị thay đổi sau khi ký"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    assert f"Ký bởi: {SIGNER}" in text and "Chức vụ: Giám đốc" in text and "Công an tỉnh Sóc Trăng" in text
    assert signed_document.signed_by == identity and signed_document.signed_at is not None


def test_the_visible_signature_sits_above_the_signer_name_on_the_last_page(plan_document, soffice, users):
    plan = services.document_pdf(actor=users["cluster_staff"], document=plan_document)
    with plan.pdf.open("rb") as handle:
        pdf = handle.read()
    name = plan.context["signer_name"]
    width, height, words = signing._last_page_words(pdf)
    first = name.split()[0]
    name_top = height - min(w[2] for w in words if w[0] == first)  # bottom-left coordinates
    x1, y1, x2, y2 = signing.signature_box(pdf, name)
    assert y1 >= name_top and y2 - y1 == signing.BOX_HEIGHT  # just above the name
    assert x1 > width / 2 - signing.BOX_WIDTH / 2  # in the right-hand signature column


def test_someone_else_cannot_sign_with_the_holders_key(plan_document, identity, users):
    with pytest.raises(AccessDenied):
        services.document_sign(
            actor=users["officer"], document=plan_document, identity=identity, passphrase=PASSPHRASE
        )


def test_a_wrong_passphrase_signs_nothing(plan_document, identity, users, soffice):
    with pytest.raises(SignatureKeyRefused, match="sai mật khẩu"):
        services.document_sign(
            actor=users["cluster_staff"], document=plan_document, identity=identity, passphrase="sai"
        )
    plan_document.refresh_from_db()
    assert not plan_document.signed_pdf


def test_a_flipped_byte_after_signing_is_reported_as_altered(signed_document, identity):
    data = bytearray(_signed_bytes(signed_document))
    at = data.index(b"stream", 200) + 40  # inside the first page's content, which the signature covers
    data[at] ^= 0x01
    reports = signing.verify_pdf(bytes(data), [signing.load_certificate(identity.certificate_pem)])
    assert reports[0].intact is False
    assert "đã bị sửa sau khi ký" in reports[0].verdict


def test_content_added_after_signing_is_reported(signed_document, identity):
    from pyhanko.pdf_utils.generic import TextStringObject
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(_signed_bytes(signed_document)))
    writer.root["/ThemSauKhiKy"] = TextStringObject("đã sửa")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    report = signing.verify_pdf(out.getvalue(), [signing.load_certificate(identity.certificate_pem)])[0]
    assert report.intact is True and report.whole_file is False
    assert "thêm nội dung sau khi ký" in report.verdict


def test_an_unknown_signer_is_said_to_be_unregistered(signed_document):
    report = signing.verify_pdf(_signed_bytes(signed_document), [])[0]
    assert report.intact is True and report.registered is False
    assert "chưa được đăng ký" in report.verdict


# -- pages and API ---------------------------------------------------------------------------------


def test_sign_in_the_browser_flow_over_http_then_download_and_check(
    client, users, plan_document, identity, soffice
):
    client.force_login(users["cluster_staff"])
    page = client.get(reverse("documents:detail", args=[plan_document.pk]))
    assert 'id="sign-form"' in page.text and "data-confirm" in page.text
    response = client.post(
        reverse("documents:sign", args=[plan_document.pk]),
        {"identity": identity.pk, "passphrase": PASSPHRASE},
    )
    assert response.status_code == 302
    page = client.get(reverse("documents:detail", args=[plan_document.pk]))
    assert "Đã ký số văn bản" in page.text and 'id="download-signed"' in page.text
    signed = client.get(reverse("documents:signed_download", args=[plan_document.pk]))
    assert signed.status_code == 200 and signed["Content-Type"] == "application/pdf"
    data = b"".join(signed.streaming_content)
    check = client.post(
        reverse("documents:signature_check"),
        {"file": SimpleUploadedFile("qd.pdf", data, content_type="application/pdf")},
    )
    assert check.status_code == 200
    assert SIGNER in check.text and "Chữ ký hợp lệ, văn bản không bị thay đổi sau khi ký" in check.text


def test_the_sign_form_is_not_shown_without_a_key_and_posting_is_refused(
    client, users, plan_document, identity
):
    client.force_login(users["officer"])
    assert 'id="sign-form"' not in client.get(reverse("documents:detail", args=[plan_document.pk])).text
    response = client.post(
        reverse("documents:sign", args=[plan_document.pk]),
        {"identity": identity.pk, "passphrase": PASSPHRASE},
    )
    assert response.status_code in (302, 403, 404)
    plan_document.refresh_from_db()
    assert not plan_document.signed_pdf


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"<html><script>alert(1)</script></html>", "không phải tệp PDF"),
        (b"%PDF-1.4\n%%EOF\n", "Không đọc được tệp PDF"),
        (b"%PDF-1.7\n" + b"\x00" * 500, "Không đọc được tệp PDF"),
    ],
)
def test_a_hostile_or_unsigned_upload_gets_a_vietnamese_4xx(client, users, content, expected):
    client.force_login(users["viewer"])
    response = client.post(
        reverse("documents:signature_check"),
        {"file": SimpleUploadedFile("x.pdf", content, content_type="application/pdf")},
    )
    assert 400 <= response.status_code < 500
    assert expected in response.text


def test_api_sign_download_and_verify(client, users, plan_document, identity, soffice):
    client.force_login(users["cluster_staff"])
    keys = client.get("/api/v1/signing-keys").json()
    assert [k["holder_name"] for k in keys] == [SIGNER]
    response = client.post(
        f"/api/v1/documents/{plan_document.pk}/sign",
        {"identity_id": identity.pk, "passphrase": PASSPHRASE},
        content_type="application/json",
    )
    assert response.status_code == 200, response.text
    assert response.json()["signed"] is True and response.json()["signed_by"] == SIGNER
    data = client.get(f"/api/v1/documents/{plan_document.pk}/signed-pdf").content
    reports = client.post("/api/v1/signatures/verify", {"file": SimpleUploadedFile("a.pdf", data)}).json()
    assert reports[0]["intact"] is True and reports[0]["registered"] is True


def test_api_refuses_a_wrong_passphrase_and_anothers_key(client, users, plan_document, identity, soffice):
    client.force_login(users["cluster_staff"])
    wrong = client.post(
        f"/api/v1/documents/{plan_document.pk}/sign",
        {"identity_id": identity.pk, "passphrase": "sai"},
        content_type="application/json",
    )
    assert wrong.status_code == 422 and wrong.json()["code"] == "signature_key_refused"
    client.force_login(users["officer"])
    other = client.post(
        f"/api/v1/documents/{plan_document.pk}/sign",
        {"identity_id": identity.pk, "passphrase": PASSPHRASE},
        content_type="application/json",
    )
    assert other.status_code == 404


def test_api_registers_a_key_for_the_admin_only(client, users, provinces):
    data, _certificate = make_pkcs12(name="Trần Thị Lan")
    form = {
        "unit_id": provinces[0].pk,
        "user_id": users["officer"].pk,
        "passphrase": PASSPHRASE,
        "position": "Phó Giám đốc",
    }
    client.force_login(users["board"])
    assert (
        client.post("/api/v1/signing-keys", {**form, "file": SimpleUploadedFile("k.p12", data)}).status_code
        == 403
    )
    client.force_login(users["admin"])
    created = client.post("/api/v1/signing-keys", {**form, "file": SimpleUploadedFile("k.p12", data)})
    assert created.status_code == 201, created.text
    assert created.json()["holder_name"] == "Trần Thị Lan"


def test_unsigned_pdf_raises_not_signed(users, soffice, plan_document):
    plan = services.document_pdf(actor=users["cluster_staff"], document=plan_document)
    with plan.pdf.open("rb") as handle, pytest.raises(NotSigned):
        services.signature_check(actor=users["viewer"], data=handle.read(), name="plan.pdf")


def test_signing_and_checking_work_from_a_thread_that_runs_an_event_loop():
    """A browser test (Playwright) or an async server calls these from a running event loop; pyHanko's
    coroutines then run in a thread of their own instead of failing on a second asyncio.run."""
    import asyncio

    data, certificate = make_pkcs12()
    material = signing.load_pkcs12(data, PASSPHRASE)

    async def inside_a_loop():
        signature = signing.sign_data(b"goi tin", material)
        return signing.verify_data(b"goi tin", signature), signing.verify_data(b"goi tin khac", signature)

    kept, altered = asyncio.run(inside_a_loop())
    assert kept.intact and kept.certificate == certificate
    assert not altered.intact
