"""One rule for who may sign with which key, whatever is signed (issue 20 review): a paper's PAdES
signature (`document_sign`) and an exchange package (`package_send`, `answer_send`) both open the key
through `documents.services.signing_key_open`. Someone else than the key's holder is refused (403,
even the system admin who registered the key); the holder's own key that is no longer in use is a
refused key (422), the same on both paths."""

import pytest
from django.test import override_settings

from thidua.core.errors import AccessDenied
from thidua.documents import kinds
from thidua.documents import services as documents_services
from thidua.documents.errors import SignatureKeyRefused
from thidua.documents.tests.test_signatures import PASSPHRASE, make_pkcs12
from thidua.exchange import services
from thidua.exchange.models import Package

from .test_exchange import PROVINCE

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper_key(users, provinces):
    data, _certificate = make_pkcs12()
    return documents_services.signing_identity_create(
        actor=users["admin"],
        unit=provinces[0],
        user=users["cluster_staff"],
        pkcs12_data=data,
        passphrase=PASSPHRASE,
    )


def _sign_paper(users, provinces, paper_key, actor):
    document = documents_services.document_render(
        actor=users["cluster_staff"], kind="plan", context=kinds.demo_context("plan"), owner=provinces[0]
    )
    documents_services.document_sign(
        actor=actor, document=document, identity=paper_key, passphrase=PASSPHRASE
    )


def _sign_package(users, batch, keys, actor):
    with override_settings(THIDUA_INSTALLATION_CODE=PROVINCE):
        services.package_send(
            actor=actor, batch=batch, partner=keys["ministry"], identity=keys["sender"], passphrase=PASSPHRASE
        )


@pytest.fixture(params=["paper", "package"])
def signing_path(request, users, provinces, paper_key, batch, keys):
    """(holder, key, sign(actor)) for a paper or for a package."""
    if request.param == "paper":
        return (
            users["cluster_staff"],
            paper_key,
            lambda actor: _sign_paper(users, provinces, paper_key, actor),
        )
    return users["board"], keys["sender"], lambda actor: _sign_package(users, batch, keys, actor)


def test_only_the_holder_signs_with_a_key_not_even_the_admin_who_registered_it(users, signing_path):
    _holder, _key, sign = signing_path
    with pytest.raises(AccessDenied) as raised:
        sign(users["admin"])
    assert raised.value.status == 403 and "người giữ khóa" in str(raised.value)
    assert not Package.objects.exists()


def test_a_key_no_longer_in_use_is_a_refused_key_for_its_holder_on_both_paths(users, signing_path):
    holder, key, sign = signing_path
    documents_services.signing_identity_deactivate(actor=users["admin"], identity=key)
    with pytest.raises(SignatureKeyRefused) as raised:
        sign(holder)
    assert raised.value.status == 422 and "ngừng sử dụng" in str(raised.value)
    assert not Package.objects.exists()


def test_the_service_opens_the_holders_key_with_the_passphrase(users, keys):
    material = documents_services.signing_key_open(
        actor=users["board"], identity=keys["sender"], passphrase=PASSPHRASE
    )
    assert material.certificate is not None
    with pytest.raises(SignatureKeyRefused, match="sai mật khẩu"):
        documents_services.signing_key_open(actor=users["board"], identity=keys["sender"], passphrase="sai")


def test_the_sign_rule_is_registered_with_the_one_policy():
    from thidua.organisation import access

    assert "SigningIdentity.sign" in access.object_rules()


def test_a_package_signed_on_a_token_is_received_verified_and_a_tampered_copy_refused(
    users,
    ministry,
    batch,
    keys,
    softhsm_token,
):
    from thidua.documents import signing
    from thidua.exchange.errors import PackageRefused
    from thidua.exchange.models import Direction

    from .test_exchange import MINISTRY, _bytes, _receive, _rezip

    token, certificate = softhsm_token("Trần Văn Gửi")
    identity = documents_services.signing_identity_create_token(
        actor=users["admin"],
        unit=ministry,
        user=users["board"],
        module=token.module,
        token_label=token.token_label,
        key_label=token.key_label,
    )
    services.partner_register(  # the Ministry now knows the province by its token's certificate
        actor=users["admin"],
        code=PROVINCE,
        name="Công an tỉnh Sóc Trăng",
        certificate_pem=signing.certificate_pem(certificate),
    )
    with override_settings(THIDUA_INSTALLATION_CODE=PROVINCE):
        sent = services.package_send(
            actor=users["board"],
            batch=batch,
            partner=keys["ministry"],
            identity=identity,
            passphrase=token.pin,
        )
    data = _bytes(sent)
    tampered = _rezip(
        data, lambda name, content: content.replace(b"2025", b"2026") if name == "records.json" else content
    )
    with pytest.raises(PackageRefused, match="đã bị thay đổi sau khi ký"):
        _receive(users, tampered)
    received = _receive(users, data, code=MINISTRY)
    assert received.direction == Direction.IN and received.sender_code == PROVINCE
    assert received.manifest["sender"]["certificate_sha256"] == identity.fingerprint
