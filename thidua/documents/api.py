from django.contrib.auth import get_user_model
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from thidua.core import listing, uploads
from thidua.core.errors import NotFound
from thidua.core.http import attachment
from thidua.core.schemas import NO_NUL, Id, Offset, Search
from thidua.organisation.models import Unit

from . import selectors, services
from .errors import NotSigned, UnknownFormat
from .forms import CONTENT_TYPES
from .kinds import KINDS
from .schemas import (
    DocumentDetailOut,
    DocumentOut,
    GenerateIn,
    KindOut,
    SignatureReportOut,
    SignIn,
    SigningKeyOut,
    TokenKeyIn,
)
from .services.signatures import MAX_KEY_FILE_BYTES

router = Router(tags=["Văn bản"])


@router.get("/documents/kinds", response=list[KindOut])
def list_kinds(request):
    return [
        {
            "code": code,
            "label": str(kind.label),
            "required": list(kind.required),
            "has_qr": kind.has_qr,
            "data_available": True,  # every registered kind is made from its owner's data
        }
        for code, kind in KINDS.items()
    ]


@router.get("/documents", response=list[DocumentOut])
def list_documents(
    request,
    kind: Search = "",
    q: Search = "",
    sort: Search = "",
    limit: int = Query(100, ge=1, le=500),
    offset: Offset = 0,
):
    """`q`: words of the title or the owner unit's name; `sort`: created, title, kind, owner (a leading
    "-" reverses; anything else gives the default, newest first). Paged by `limit`/`offset`."""
    documents = selectors.document_list(actor=request.user, kind=kind, query=q)
    order = listing.sort_value(sort, selectors.DOCUMENT_SORTS, selectors.DOCUMENT_DEFAULT_SORT)
    return listing.ordered(documents, selectors.DOCUMENT_SORTS, order)[offset : offset + limit]


@router.post("/documents/generate", response={201: DocumentDetailOut})
def generate_document(request, payload: GenerateIn):
    params = {"period": payload.period} if payload.period else {}
    document = services.document_generate(
        actor=request.user, kind=payload.kind, source_id=payload.source_id, params=params
    )
    return Status(201, document)


@router.get("/documents/{document_id}", response=DocumentDetailOut)
def get_document(request, document_id: int):
    return selectors.document_get(actor=request.user, document_id=document_id)


@router.get("/documents/{document_id}/download/{fmt}", url_name="document_download")
def download_document(request, document_id: int, fmt: str):
    if fmt not in CONTENT_TYPES:
        raise UnknownFormat(fmt=fmt)
    document = selectors.document_get(actor=request.user, document_id=document_id)
    if fmt == "pdf":
        document = services.document_pdf(actor=request.user, document=document)
        field = document.pdf
    else:
        field = document.docx
    with field.open("rb") as handle:
        content = handle.read()
    return attachment(content, f"{document.filename_stem}.{fmt}", CONTENT_TYPES[fmt])


# -- digital signatures (PAdES) --------------------------------------------------------------------


@router.get("/signing-keys", response=list[SigningKeyOut])
def list_signing_keys(request):
    """Every registered key for the system admin; one's own keys for anyone else."""
    return selectors.signing_identity_list(actor=request.user)[:500]


@router.post("/signing-keys", response={201: SigningKeyOut})
def register_signing_key(
    request,
    file: File[UploadedFile],
    unit_id: Form[Id],
    user_id: Form[Id],
    passphrase: str = Form(..., min_length=1, max_length=200, pattern=NO_NUL),  # noqa: B008
    position: str = Form("", max_length=200, pattern=NO_NUL),  # noqa: B008
):
    """System admin: register a signer's PKCS#12 file (opened with its passphrase, which is not kept)."""
    services.check_can_manage_keys(actor=request.user)
    unit = Unit.objects.filter(pk=unit_id).first()
    user = get_user_model().objects.filter(pk=user_id).first()
    if unit is None or user is None:
        raise NotFound()
    identity = services.signing_identity_create(
        actor=request.user,
        unit=unit,
        user=user,
        pkcs12_data=uploads.read_bytes(file, max_bytes=MAX_KEY_FILE_BYTES),
        passphrase=passphrase,
        position=position,
    )
    return Status(201, identity)


@router.post("/signing-keys/token", response={201: SigningKeyOut})
def register_token_signing_key(request, payload: TokenKeyIn):
    """System admin: register a key on a PKCS#11 token (USB signing token, HSM) by its module, token
    label and key label; the certificate is read from the token, the PIN is typed at each signing."""
    services.check_can_manage_keys(actor=request.user)
    unit = Unit.objects.filter(pk=payload.unit_id).first()
    user = get_user_model().objects.filter(pk=payload.user_id).first()
    if unit is None or user is None:
        raise NotFound()
    identity = services.signing_identity_create_token(
        actor=request.user,
        unit=unit,
        user=user,
        module=payload.module,
        token_label=payload.token_label,
        key_label=payload.key_label,
        position=payload.position,
    )
    return Status(201, identity)


@router.post("/documents/{document_id}/sign", response=DocumentDetailOut)
def sign_document(request, document_id: int, payload: SignIn):
    """Sign the paper's PDF with one of the caller's own keys (PAdES, visible signature block)."""
    document = selectors.document_get(actor=request.user, document_id=document_id)
    identity = selectors.signing_identities_of(actor=request.user).filter(pk=payload.identity_id).first()
    if identity is None:
        raise NotFound()
    return services.document_sign(
        actor=request.user, document=document, identity=identity, passphrase=payload.passphrase
    )


@router.get("/documents/{document_id}/signed-pdf")
def download_signed_document(request, document_id: int):
    document = selectors.document_get(actor=request.user, document_id=document_id)
    if not document.signed_pdf:
        raise NotSigned()
    with document.signed_pdf.open("rb") as handle:
        content = handle.read()
    return attachment(content, f"{document.filename_stem}-ky-so.pdf", "application/pdf")


@router.post("/signatures/verify", response=list[SignatureReportOut])
def verify_signatures(request, file: File[UploadedFile]):
    """Who signed an uploaded PDF, when, and whether it was altered since."""
    return services.signature_check(actor=request.user, data=uploads.read_bytes(file), name=file.name or "")
