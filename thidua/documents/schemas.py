import datetime

from django.urls import reverse
from ninja import Schema

from thidua.core.schemas import Id, Text


class DocumentOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    owner_id: int | None
    cluster_term_id: int | None
    source_app: str
    source_id: int | None
    is_sample: bool
    template_label: str
    created_by: str
    created_at: datetime.datetime
    has_pdf: bool
    docx_url: str
    pdf_url: str

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_created_by(obj) -> str:
        return obj.created_by.get_full_name() if obj.created_by else ""

    @staticmethod
    def resolve_has_pdf(obj) -> bool:
        return bool(obj.pdf)

    @staticmethod
    def resolve_docx_url(obj) -> str:
        return reverse("api:document_download", kwargs={"document_id": obj.pk, "fmt": "docx"})

    @staticmethod
    def resolve_pdf_url(obj) -> str:
        return reverse("api:document_download", kwargs={"document_id": obj.pk, "fmt": "pdf"})


class DocumentDetailOut(DocumentOut):
    context: dict
    signed: bool
    signed_by: str
    signed_at: datetime.datetime | None

    @staticmethod
    def resolve_signed(obj) -> bool:
        return bool(obj.signed_pdf)

    @staticmethod
    def resolve_signed_by(obj) -> str:
        return obj.signed_by.holder_name if obj.signed_by_id else ""


class SignIn(Schema):
    identity_id: Id
    passphrase: str = Text(min_length=1, max_length=200)


class TokenKeyIn(Schema):
    """A key on a PKCS#11 token: which allowed module, which token, which key (by labels)."""

    unit_id: Id
    user_id: Id
    module: str = Text(min_length=1, max_length=255)
    token_label: str = Text(min_length=1, max_length=100)
    key_label: str = Text(min_length=1, max_length=100)
    position: str = Text("", max_length=200)


class SigningKeyOut(Schema):
    id: int
    unit_id: int
    user_id: int
    holder_name: str
    position: str
    kind: str
    token_label: str
    key_label: str
    fingerprint: str
    valid_from: datetime.datetime
    valid_until: datetime.datetime
    is_active: bool


class SignatureReportOut(Schema):
    field: str
    signer: str
    subject: str
    fingerprint: str
    signed_at: datetime.datetime | None
    intact: bool
    whole_file: bool
    registered: bool
    verdict: str


class GenerateIn(Schema):
    kind: str = Text(min_length=1, max_length=32)
    source_id: Id
    period: Id | None = None


class KindOut(Schema):
    code: str
    label: str
    required: list[str]
    has_qr: bool
    data_available: bool
