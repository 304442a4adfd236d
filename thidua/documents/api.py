from ninja import Query, Router, Status

from thidua.core.http import attachment
from thidua.core.schemas import Offset, Search

from . import selectors, services
from .errors import UnknownFormat
from .forms import CONTENT_TYPES
from .kinds import KINDS
from .schemas import DocumentDetailOut, DocumentOut, GenerateIn, KindOut

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
    request, kind: Search = "", q: Search = "", limit: int = Query(100, ge=1, le=500), offset: Offset = 0
):
    return selectors.document_list(actor=request.user, kind=kind, query=q)[offset : offset + limit]


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
