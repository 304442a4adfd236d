"""Signing keys per unit and PAdES signatures on generated papers (issue 20.1, 20.3).

- `signing_identity_create`: the system admin registers a signer's PKCS#12 file (checked by opening
  it with its passphrase, which is then forgotten) for a user at a unit, with their position.
- `signing_identity_create_token`: the same for a key on a PKCS#11 token (USB token, HSM): module,
  token label and key label; the certificate is read from the token; the PIN is never stored.
- `document_sign`: the key's holder, and only they, signs a paper's PDF with the passphrase typed
  at that moment; the signed PDF is kept beside the plain one (a later signature — the unit's seal
  after the head's signature — is added to the signed file as a new revision).
- `signature_check`: anyone signed in uploads a signed PDF (a decision from above) and sees who
  signed it, when, and whether it was altered since.
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.core import uploads
from thidua.core.errors import AccessDenied, ValidationFailed
from thidua.organisation import access
from thidua.organisation.models import Unit

from .. import policy, signing
from ..errors import NotSigned, SignatureKeyRefused
from ..models import GeneratedDocument, KeyKind, SigningIdentity
from .documents import document_pdf

MAX_KEY_FILE_BYTES = 64 * 1024  # a PKCS#12 file of a key and a short chain is a few kilobytes


# the rule is the policy's; the API and the exchange ask it here before reading a form
check_can_manage_keys = policy.require_manage_keys


def signing_identity_create(
    *, actor: User, unit: Unit, user, pkcs12_data: bytes, passphrase: str, position: str = ""
) -> SigningIdentity:
    check_can_manage_keys(actor=actor)
    uploads.check_size(len(pkcs12_data), name="khóa ký số", max_bytes=MAX_KEY_FILE_BYTES)
    if not pkcs12_data.startswith(b"\x30"):  # a DER SEQUENCE, as every PKCS#12 file is
        raise SignatureKeyRefused(reason=_("tệp không phải PKCS#12 (.p12/.pfx)"))
    if not getattr(user, "is_active", False):
        raise ValidationFailed(_("Tài khoản người ký đã bị khóa."), field="user")
    material = signing.load_pkcs12(pkcs12_data, passphrase)
    certificate = material.certificate
    signing.check_valid_now(certificate, timezone.now())
    identity = SigningIdentity(
        unit=unit,
        user=user,
        holder_name=signing.subject_name(certificate)[:200],
        position=position.strip()[:200],
        kind=KeyKind.PKCS12,
        certificate_pem=signing.certificate_pem(certificate),
        fingerprint=signing.certificate_fingerprint(certificate),
        valid_from=certificate.not_valid_before_utc,
        valid_until=certificate.not_valid_after_utc,
        created_by=actor,
    )
    identity.pkcs12.save("khoa.p12", ContentFile(pkcs12_data), save=False)
    return _store_identity(identity, field="pkcs12")


def _store_identity(identity: SigningIdentity, *, field: str) -> SigningIdentity:
    try:
        with transaction.atomic():
            identity.save()
    except IntegrityError as error:
        if identity.pkcs12:
            identity.pkcs12.delete(save=False)
        raise ValidationFailed(_("Chứng thư số này đã được đăng ký."), field=field) from error
    return identity


def signing_identity_create_token(
    *, actor: User, unit: Unit, user, module: str, token_label: str, key_label: str, position: str = ""
) -> SigningIdentity:
    """Register a key that sits on a PKCS#11 token (a USB signing token, an HSM): the module is one
    the server allows (settings.THIDUA_PKCS11_MODULES), the token and the key are named by their
    labels, and the certificate is read from the token, where it is public — so the admin needs
    neither the holder's PIN nor the key. The holder types the PIN at each signing."""
    check_can_manage_keys(actor=actor)
    if not getattr(user, "is_active", False):
        raise ValidationFailed(_("Tài khoản người ký đã bị khóa."), field="user")
    token_label, key_label = token_label.strip(), key_label.strip()
    if not token_label or not key_label:
        raise ValidationFailed(_("Cần nhãn thiết bị và nhãn khóa trên thiết bị."), field="token_label")
    token = signing.TokenKey(module=module, token_label=token_label, key_label=key_label)
    certificate = signing.load_token(token, login=False).certificate
    signing.check_valid_now(certificate, timezone.now())
    identity = SigningIdentity(
        unit=unit,
        user=user,
        holder_name=signing.subject_name(certificate)[:200],
        position=position.strip()[:200],
        kind=KeyKind.PKCS11,
        module_path=module,
        token_label=token_label[:100],
        key_label=key_label[:100],
        certificate_pem=signing.certificate_pem(certificate),
        fingerprint=signing.certificate_fingerprint(certificate),
        valid_from=certificate.not_valid_before_utc,
        valid_until=certificate.not_valid_after_utc,
        created_by=actor,
    )
    return _store_identity(identity, field="key_label")


@transaction.atomic
def signing_identity_deactivate(*, actor: User, identity: SigningIdentity) -> SigningIdentity:
    check_can_manage_keys(actor=actor)
    identity.is_active = False
    identity.save(update_fields=["is_active", "updated_at"])
    return identity


def _material(identity: SigningIdentity, passphrase: str) -> signing.KeyMaterial:
    """The key for one signing: the PKCS#12 file opened with its passphrase, or the token opened
    with its PIN (checked now, before anything is prepared for signing)."""
    if identity.kind == KeyKind.PKCS11:
        if not (identity.module_path and identity.token_label and identity.key_label):
            raise SignatureKeyRefused(reason=_("khóa trên thiết bị ký số chưa được cấu hình đủ"))
        token = signing.TokenKey(
            module=identity.module_path,
            token_label=identity.token_label,
            key_label=identity.key_label,
            pin=passphrase,
        )
        material = signing.load_token(token)
        mismatch = _("chứng thư trên thiết bị ký số không khớp với chứng thư đã đăng ký")
    else:
        if not identity.pkcs12:
            raise SignatureKeyRefused(reason=_("khóa chưa có tệp PKCS#12"))
        with identity.pkcs12.open("rb") as handle:
            material = signing.load_pkcs12(handle.read(), passphrase)
        mismatch = _("tệp khóa không khớp với chứng thư đã đăng ký")
    if signing.certificate_fingerprint(material.certificate) != identity.fingerprint:
        raise SignatureKeyRefused(reason=mismatch)
    return material


def signing_key_open(
    *, actor: User, identity: SigningIdentity, passphrase: str, now: datetime.datetime | None = None
) -> signing.KeyMaterial:
    """Open a signer's key for one signing — a paper (`document_sign`) or an exchange package — with
    the passphrase (or token PIN) typed now. The one check of who may sign with which key:
    someone else than its holder → AccessDenied (403); the holder's key that is no longer in use,
    whose certificate is not valid now, or a wrong passphrase → SignatureKeyRefused (422)."""
    if not access.can_object(actor, "sign", identity):
        raise AccessDenied(_("Chỉ người giữ khóa ký số mới được dùng khóa đó để ký."))
    if not identity.is_active:
        raise SignatureKeyRefused(reason=_("khóa đã ngừng sử dụng"))
    signing.check_valid_now(signing.load_certificate(identity.certificate_pem), now or timezone.now())
    return _material(identity, passphrase)


def document_sign(
    *, actor: User, document: GeneratedDocument, identity: SigningIdentity, passphrase: str
) -> GeneratedDocument:
    """Sign the paper's PDF with the actor's own key (PAdES, visible block where the signer signs)."""
    now = timezone.now()
    policy.require_file(actor, document.owner, document.cluster_term)
    material = signing_key_open(actor=actor, identity=identity, passphrase=passphrase, now=now)
    document = document_pdf(actor=actor, document=document)  # made once, kept
    with transaction.atomic():
        document = GeneratedDocument.objects.select_for_update().get(pk=document.pk)
        source = document.signed_pdf if document.signed_pdf else document.pdf
        with source.open("rb") as handle:
            pdf = handle.read()
        context = document.context if isinstance(document.context, dict) else {}
        stamp = signing.StampText(
            signer=identity.holder_name,
            position=identity.position,
            unit=identity.unit.name,
            place=str(context.get("place") or identity.unit.name),
            reason=str(_("Ký ban hành văn bản")),
        )
        signed = signing.sign_pdf(
            pdf, material, stamp, signer_name_on_paper=str(context.get("signer_name") or "")
        )
        old = document.signed_pdf.name if document.signed_pdf else ""
        document.signed_pdf.save(f"{document.filename_stem}-ky-so.pdf", ContentFile(signed), save=False)
        document.signed_by, document.signed_at = identity, now
        document.save(update_fields=["signed_pdf", "signed_by", "signed_at", "updated_at"])
        if old:
            transaction.on_commit(lambda: document.signed_pdf.storage.delete(old))
    return document


def known_certificates() -> list:
    """Certificates this installation knows: its own signers' (partners' are added by exchange)."""
    return [
        signing.load_certificate(pem)
        for pem in SigningIdentity.objects.values_list("certificate_pem", flat=True)
    ]


def signature_check(*, actor: User, data: bytes, name: str = "") -> list[signing.SignatureReport]:
    if not getattr(actor, "is_authenticated", False):
        raise AccessDenied()
    uploads.check_size(len(data), name=name)
    uploads.check_pdf(data, name=name)
    reports = signing.verify_pdf(data, known_certificates())
    if not reports:
        raise NotSigned()
    return reports
