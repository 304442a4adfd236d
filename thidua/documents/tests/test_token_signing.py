"""Issue 20.1: keys on PKCS#11 tokens (USB signing tokens, HSMs), through python-pkcs11 and pyHanko's
PKCS11Signer. The system admin registers a token key by module, token label and key label — the
certificate is read from the token, no PIN is needed nor kept —; the holder types the PIN at each
signing; the signed paper verifies like one signed with a PKCS#12 file. Each test has a SoftHSM2 token
of its own (the `softhsm_token` fixture, root conftest.py)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.core.errors import AccessDenied
from thidua.documents import kinds, services, signing
from thidua.documents.errors import SignatureKeyRefused
from thidua.documents.models import KeyKind, SigningIdentity

pytestmark = pytest.mark.django_db

SIGNER = "Nguyễn Văn Minh"


@pytest.fixture
def token(softhsm_token):
    return softhsm_token(SIGNER)


@pytest.fixture
def token_identity(users, provinces, token):
    key, _certificate = token
    return services.signing_identity_create_token(
        actor=users["admin"],
        unit=provinces[0],
        user=users["cluster_staff"],
        module=key.module,
        token_label=key.token_label,
        key_label=key.key_label,
        position="Giám đốc",
    )


@pytest.fixture
def plan_document(users, provinces):
    return services.document_render(
        actor=users["cluster_staff"], kind="plan", context=kinds.demo_context("plan"), owner=provinces[0]
    )


@pytest.fixture(autouse=True)
def _fresh_pdf_throttle():
    from django.core.cache import cache

    cache.clear()


def test_the_admin_registers_a_token_key_from_its_certificate_without_the_pin(token_identity, token):
    key, certificate = token
    stored = SigningIdentity.objects.get(pk=token_identity.pk)
    assert stored.kind == KeyKind.PKCS11 and not stored.pkcs12
    assert (stored.module_path, stored.token_label, stored.key_label) == (
        key.module,
        key.token_label,
        "ky-so",
    )
    assert stored.fingerprint == signing.certificate_fingerprint(certificate)
    assert stored.holder_name == SIGNER
    assert key.pin not in str(stored.__dict__)


def test_the_holder_signs_a_paper_with_the_pin_and_it_verifies(
    users, plan_document, token_identity, token, soffice
):
    key, _certificate = token
    signed = services.document_sign(
        actor=users["cluster_staff"], document=plan_document, identity=token_identity, passphrase=key.pin
    )
    with signed.signed_pdf.open("rb") as handle:
        data = handle.read()
    [report] = services.signature_check(actor=users["viewer"], data=data)
    assert report.intact and report.whole_file and report.registered
    assert report.signer == SIGNER and report.fingerprint == token_identity.fingerprint


def test_data_signed_on_the_token_verifies_and_a_changed_byte_does_not(token):
    key, certificate = token
    material = signing.load_token(key)
    signature = signing.sign_data(b"ban ke goi ho so", material)
    checked = signing.verify_data(b"ban ke goi ho so", signature)
    assert checked.intact and checked.certificate == certificate
    assert not signing.verify_data(b"ban ke goi ho s0", signature).intact


def test_a_wrong_pin_signs_nothing(users, plan_document, token_identity):
    with pytest.raises(SignatureKeyRefused, match="sai mã PIN"):
        services.document_sign(
            actor=users["cluster_staff"], document=plan_document, identity=token_identity, passphrase="000000"
        )
    plan_document.refresh_from_db()
    assert not plan_document.signed_pdf


def test_someone_else_cannot_sign_with_a_token_key_even_knowing_the_pin(
    users, plan_document, token_identity, token
):
    key, _certificate = token
    with pytest.raises(AccessDenied):
        services.document_sign(
            actor=users["admin"], document=plan_document, identity=token_identity, passphrase=key.pin
        )
    plan_document.refresh_from_db()
    assert not plan_document.signed_pdf


def test_a_token_that_is_not_plugged_in_is_named_in_the_refusal(users, plan_document, token_identity, token):
    key, _certificate = token
    SigningIdentity.objects.filter(pk=token_identity.pk).update(token_label="token-khac")
    token_identity.refresh_from_db()
    with pytest.raises(SignatureKeyRefused, match="không tìm thấy thiết bị ký số “token-khac”"):
        services.document_sign(
            actor=users["cluster_staff"], document=plan_document, identity=token_identity, passphrase=key.pin
        )


def test_a_token_whose_certificate_is_not_the_registered_one_is_refused(
    users, plan_document, token_identity, softhsm_token
):
    other, _certificate = softhsm_token("Kẻ Thay Thiết Bị")
    SigningIdentity.objects.filter(pk=token_identity.pk).update(token_label=other.token_label)
    token_identity.refresh_from_db()
    with pytest.raises(SignatureKeyRefused, match="không khớp với chứng thư đã đăng ký"):
        services.document_sign(
            actor=users["cluster_staff"],
            document=plan_document,
            identity=token_identity,
            passphrase=other.pin,
        )


@pytest.mark.parametrize(
    ("module", "token_label", "key_label", "expected"),
    [
        ("/tmp/thu-vien-la.so", None, None, "không nằm trong danh sách được phép"),
        (None, "khong-co-thiet-bi", None, "không tìm thấy thiết bị ký số"),
        (None, None, "khoa-khac", "chứng thư số mang nhãn “khoa-khac”"),
    ],
)
def test_a_wrong_module_token_or_key_is_refused_in_vietnamese_and_nothing_is_stored(
    users, provinces, token, module, token_label, key_label, expected
):
    key, _certificate = token
    with pytest.raises(SignatureKeyRefused, match=expected):
        services.signing_identity_create_token(
            actor=users["admin"],
            unit=provinces[0],
            user=users["cluster_staff"],
            module=module or key.module,
            token_label=token_label or key.token_label,
            key_label=key_label or key.key_label,
        )
    assert not SigningIdentity.objects.exists()


def test_only_the_system_admin_registers_a_token_key(users, provinces, token):
    key, _certificate = token
    with pytest.raises(AccessDenied):
        services.signing_identity_create_token(
            actor=users["board"],
            unit=provinces[0],
            user=users["board"],
            module=key.module,
            token_label=key.token_label,
            key_label=key.key_label,
        )
    assert not SigningIdentity.objects.exists()


def test_api_registers_a_token_key_for_the_admin_and_the_holder_signs_over_the_api(
    client, users, provinces, plan_document, token, soffice
):
    key, _certificate = token
    body = {
        "unit_id": provinces[0].pk,
        "user_id": users["cluster_staff"].pk,
        "module": key.module,
        "token_label": key.token_label,
        "key_label": key.key_label,
        "position": "Giám đốc",
    }
    client.force_login(users["board"])
    assert client.post("/api/v1/signing-keys/token", body, content_type="application/json").status_code == 403
    client.force_login(users["admin"])
    created = client.post("/api/v1/signing-keys/token", body, content_type="application/json")
    assert created.status_code == 201, created.text
    assert created.json()["kind"] == "pkcs11" and created.json()["token_label"] == key.token_label
    client.force_login(users["cluster_staff"])
    signed = client.post(
        f"/api/v1/documents/{plan_document.pk}/sign",
        {"identity_id": created.json()["id"], "passphrase": key.pin},
        content_type="application/json",
    )
    assert signed.status_code == 200, signed.text
    data = client.get(f"/api/v1/documents/{plan_document.pk}/signed-pdf").content
    reports = client.post("/api/v1/signatures/verify", {"file": SimpleUploadedFile("a.pdf", data)}).json()
    assert reports[0]["intact"] is True and reports[0]["signer"] == SIGNER


def test_the_admin_page_registers_a_token_key(admin_client, users, provinces, token):
    key, _certificate = token
    assert 'name="token_label"' in admin_client.get(reverse("admin:documents_signingidentity_add")).text
    response = admin_client.post(
        reverse("admin:documents_signingidentity_add"),
        {
            "unit": provinces[0].pk,
            "user": users["cluster_staff"].pk,
            "position": "Giám đốc",
            "key_kind": "pkcs11",
            "module": key.module,
            "token_label": key.token_label,
            "key_label": key.key_label,
        },
    )
    assert response.status_code == 302, response.text[:3000]
    identity = SigningIdentity.objects.get()
    assert identity.kind == KeyKind.PKCS11
    change = admin_client.get(reverse("admin:documents_signingidentity_change", args=[identity.pk]))
    assert change.status_code == 200 and key.token_label in change.text
