"""Demo: two signers' keys, two partner installations and one sample package in the inbox.

Hà Tĩnh's provincial installation ("CA-HA-TINH") and the Ministry's ("BCA") are registered as
partners with freshly made self-signed certificates (a real deployment registers the certificates
its certification authority issued). The Hà Tĩnh board's proposal to the Minister is packaged and
signed by the Hà Tĩnh board's key, addressed to this installation, and received into the inbox, so
the Ministry's board can preview and import it at /trao-doi/. Keys' passphrase: the demo password.
Loaded again, nothing is duplicated."""

import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.contrib.auth import get_user_model
from django.utils import timezone

from thidua.awards.models import ProposalBatch
from thidua.documents import signing
from thidua.documents.models import SigningIdentity
from thidua.documents.services import signing_identity_create
from thidua.organisation.demo import DEMO_PASSWORD
from thidua.organisation.models import Unit

from . import package as packages
from . import services
from .models import Direction, Package, Partner


def _key_file(name: str, unit: str) -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, name), x509.NameAttribute(NameOID.ORGANIZATION_NAME, unit)]
    )
    now = timezone.now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3 * 365))
        .sign(key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        name.encode(), key, certificate, None, serialization.BestAvailableEncryption(DEMO_PASSWORD.encode())
    )


def _identity(admin, username: str, unit_code: str, position: str) -> SigningIdentity | None:
    user = get_user_model().objects.filter(username=username).first()
    unit = Unit.objects.filter(code=unit_code).first()
    if user is None or unit is None:
        return None
    existing = SigningIdentity.objects.filter(user=user, is_active=True).first()
    if existing is not None:
        return existing
    return signing_identity_create(
        actor=admin,
        unit=unit,
        user=user,
        pkcs12_data=_key_file(user.get_full_name() or username, unit.name),
        passphrase=DEMO_PASSWORD,
        position=position,
    )


def load(*, stdout=None) -> None:
    admin = get_user_model().objects.filter(username="admin").first()
    if admin is None:
        return
    ministry = _identity(admin, "thuongtruc.bca", "BCA", "Cán bộ Thường trực Hội đồng TĐKT Bộ")
    ha_tinh = _identity(
        admin, "thuongtruc.hatinh", "CA-HA-TINH", "Cán bộ Phòng Công tác đảng và công tác chính trị"
    )
    if ministry is None or ha_tinh is None:
        return
    for code, name, identity, unit_code in (
        ("BCA", "Hệ thống thidua của Bộ Công an", ministry, "BCA"),
        ("CA-HA-TINH", "Hệ thống thidua của Công an tỉnh Hà Tĩnh", ha_tinh, "CA-HA-TINH"),
    ):
        if not Partner.objects.filter(code=code).exists():
            services.partner_register(
                actor=admin,
                code=code,
                name=name,
                certificate_pem=identity.certificate_pem,
                unit=Unit.objects.filter(code=unit_code).first(),
            )
    batch = ProposalBatch.objects.filter(unit__code="CA-HA-TINH").order_by("pk").first()
    if (
        batch is not None
        and not Package.objects.filter(direction=Direction.IN, sender_code="CA-HA-TINH").exists()
    ):
        with ha_tinh.pkcs12.open("rb") as handle:
            material = signing.load_pkcs12(handle.read(), DEMO_PASSWORD)
        data, _manifest = packages.build(
            kind=services.KIND_BATCH,
            sender="CA-HA-TINH",
            receiver=services.installation_code(),
            records=services._batch_records(batch),
            files=services._batch_files(batch),
            material=material,
            now=timezone.now(),
        )
        services.package_receive(actor=ministry.user, data=data)
    if stdout:
        stdout.write(
            f"  trao đổi: {Partner.objects.count()} hệ thống đối tác, {SigningIdentity.objects.count()} khóa ký số "
            f"(mật khẩu khóa: {DEMO_PASSWORD}), {Package.objects.count()} gói"
        )
