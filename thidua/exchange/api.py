"""Exchange API: the outbox and inbox, sending a batch, the partner-facing inbox (a package's
signature is its credential there), import and answers."""

from django.utils.translation import gettext_lazy as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from thidua.awards import selectors as awards_selectors
from thidua.core import uploads
from thidua.core.errors import ValidationFailed
from thidua.core.schemas import Id, Text
from thidua.documents import selectors as documents_selectors
from thidua.organisation import selectors as organisation_selectors

from . import selectors, services

router = Router(tags=["Trao đổi giữa các hệ thống"])


class PackageOut(Schema):
    id: int
    package_id: str
    direction: str
    kind: str
    status: str
    sender_code: str
    receiver_code: str
    batch_id: int | None
    term_id: int | None
    answer: dict
    attempts: int
    last_error: str

    @staticmethod
    def resolve_package_id(obj) -> str:
        return str(obj.package_id)


class PartnerOut(Schema):
    id: int
    code: str
    name: str
    base_url: str
    fingerprint: str


class SendIn(Schema):
    partner_id: Id
    identity_id: Id
    passphrase: str = Text(min_length=1, max_length=200)


class AnswerIn(Schema):
    answer: str = Text(min_length=1, max_length=20)
    reason: str = Text("", max_length=2000)
    identity_id: Id
    passphrase: str = Text(min_length=1, max_length=200)


class ImportedOut(Schema):
    batch_id: int | None = None
    term_id: int | None = None


def _identity(request, identity_id: int):
    identity = documents_selectors.signing_identities_of(actor=request.user).filter(pk=identity_id).first()
    if identity is None:
        raise ValidationFailed(_("Không có khóa ký số này trong các khóa của đồng chí."), field="identity_id")
    return identity


@router.get("/exchange/partners", response=list[PartnerOut])
def list_partners(request):
    return selectors.partner_list(actor=request.user)


@router.get("/exchange/packages", response=list[PackageOut])
def list_packages(request):
    return selectors.package_list(actor=request.user)[:500]


@router.get("/exchange/packages/{package_id}", response=PackageOut)
def get_package(request, package_id: int):
    return selectors.package_get(actor=request.user, package_id=package_id)


@router.post("/exchange/batches/{batch_id}/send", response={201: PackageOut})
def send_batch(request, batch_id: int, payload: SendIn):
    """“Gửi lên cấp trên”: build and sign the batch's package for a partner (download it or push it)."""
    batch = awards_selectors.batch_get(actor=request.user, batch_id=batch_id)
    services.require_board(actor=request.user, unit=batch.unit)
    partner = selectors.partner_list(actor=request.user).filter(pk=payload.partner_id).first()
    if partner is None:
        raise ValidationFailed(_("Không có hệ thống đối tác này."), field="partner_id")
    package = services.package_send(
        actor=request.user,
        batch=batch,
        partner=partner,
        identity=_identity(request, payload.identity_id),
        passphrase=payload.passphrase,
    )
    return Status(201, package)


@router.post("/exchange/terms/{term_id}/send", response={201: PackageOut})
def send_cluster_year(request, term_id: int, payload: SendIn):
    """“Gửi lên cấp trên” for a cluster's year: term, members, conferences with the ballots' totals
    (never a cast ballot), score sheets, reports and papers, signed for a partner."""
    term = organisation_selectors.term_get(actor=request.user, term_id=term_id)
    services.require_board(actor=request.user, unit=term.cluster.owner)
    partner = selectors.partner_list(actor=request.user).filter(pk=payload.partner_id).first()
    if partner is None:
        raise ValidationFailed(_("Không có hệ thống đối tác này."), field="partner_id")
    package = services.package_send_cluster_year(
        actor=request.user,
        term=term,
        partner=partner,
        identity=_identity(request, payload.identity_id),
        passphrase=payload.passphrase,
    )
    return Status(201, package)


@router.post("/exchange/packages/{package_id}/push", response={202: PackageOut})
def push_package(request, package_id: int):
    package = selectors.package_get(actor=request.user, package_id=package_id)
    return Status(202, services.package_push_enqueue(actor=request.user, package=package))


@router.post("/exchange/inbox", response={201: PackageOut}, auth=None)
def inbox(request, file: File[UploadedFile]):
    """Where a partner installation pushes a package. No account: only a package signed with a
    registered partner's certificate, addressed to this installation, unexpired and not seen before,
    is kept — and it is imported only after a board confirms it."""
    data = uploads.read_bytes(file, max_bytes=services.max_package_bytes())
    return Status(201, services.package_receive(actor=None, data=data))


@router.post("/exchange/packages/{package_id}/import", response=ImportedOut)
def import_package(request, package_id: int):
    package = selectors.package_get(actor=request.user, package_id=package_id)
    if package.kind == services.KIND_CLUSTER_YEAR:
        return {"term_id": services.package_import_cluster_year(actor=request.user, package=package).pk}
    return {"batch_id": services.package_import(actor=request.user, package=package).pk}


@router.post("/exchange/packages/{package_id}/answer", response={201: PackageOut})
def answer_package(request, package_id: int, payload: AnswerIn):
    package = selectors.package_get(actor=request.user, package_id=package_id)
    services.require_board(actor=request.user)
    out = services.answer_send(
        actor=request.user,
        package=package,
        answer=payload.answer,
        reason=payload.reason,
        identity=_identity(request, payload.identity_id),
        passphrase=payload.passphrase,
    )
    return Status(201, out)
