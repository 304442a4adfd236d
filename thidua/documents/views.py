from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.core import uploads
from thidua.core.errors import AccessDenied, DomainError
from thidua.core.htmx import domain_errors, is_htmx
from thidua.core.http import attachment
from thidua.core.listing import list_errors, paginate, search_query
from thidua.organisation import access
from thidua.organisation import selectors as organisation_selectors
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterTerm

from . import pdf, registry, selectors, services, starter
from .errors import (
    NotSigned,
    PdfConversionFailed,
    PdfRateLimited,
    PdfUnavailable,
    UnknownFormat,
    UnknownKind,
)
from .forms import (
    CONTENT_TYPES,
    FORMATS,
    DocumentFilterForm,
    GenerateFromTermForm,
    PressReleaseForm,
    SignatureCheckForm,
    SignForm,
)
from .kinds import KINDS, field_label


def _too_many(request: HttpRequest, error: PdfRateLimited) -> HttpResponse:
    """429 with the wait in Vietnamese (a redirect back would loop on a GET download)."""
    response = render(request, "core/error.html", {"error": error}, status=429)
    response["Retry-After"] = str(error.params.get("seconds", 60))
    return response


def _term_kinds() -> list[tuple[str, str]]:
    """Kinds made from a cluster term itself (plan, period report)."""
    return [
        (code, str(paper.kind.label))
        for code, paper in registry.PAPERS.items()
        if paper.source is ClusterTerm
    ]


def _managed_terms(user) -> list:
    terms = organisation_selectors.term_list(actor=user)[:200]
    return [t for t in terms if access.can_term(user, Action.MANAGE_TERM, t)]


@login_required
@require_GET
@list_errors
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Documents in scope: one page of 50, filtered by kind, searched, sorted (issue 15.12)."""
    form = DocumentFilterForm(request.GET)
    kind = query = ""
    if form.is_valid():
        kind, query = form.cleaned_data["kind"], search_query(form.cleaned_data["q"])
    documents = selectors.document_list(actor=request.user, kind=kind, query=query)
    listing = paginate(
        request, documents, sorts=selectors.DOCUMENT_SORTS, default=selectors.DOCUMENT_DEFAULT_SORT
    )
    context = {"form": form, "listing": listing, "documents": listing.rows, "kind": kind}
    if is_htmx(request):
        return render(request, "documents/index.html#results", context)
    terms = _managed_terms(request.user)
    context.update(
        {
            "generate_form": GenerateFromTermForm(kinds=_term_kinds(), terms=terms) if terms else None,
            "press_releases": selectors.press_release_list(actor=request.user)[:20],
            "pdf_available": pdf.is_available(),
        }
    )
    return render(request, "documents/index.html", context)


@login_required
@require_GET
@domain_errors
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(actor=request.user, document_id=pk)
    context = {
        "document": document,
        "kind": KINDS.get(document.kind),
        "pdf_available": pdf.is_available(),
        "can_regenerate": selectors.document_can_regenerate(actor=request.user, document=document),
        "history": selectors.document_history(document=document),
        "sign_form": _sign_form(request, document),
    }
    return render(request, "documents/detail.html", context)


@login_required
@require_GET
@domain_errors
def download(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    if fmt not in FORMATS:
        raise UnknownFormat(fmt=fmt)
    document = selectors.document_get(actor=request.user, document_id=pk)
    if fmt == "pdf":
        try:
            document = services.document_pdf(actor=request.user, document=document)
        except PdfRateLimited as error:
            return _too_many(request, error)
        except (PdfUnavailable, PdfConversionFailed) as error:
            messages.warning(request, str(error))
            return redirect("documents:detail", pk=document.pk)
        handle = document.pdf.open("rb")
    else:
        handle = document.docx.open("rb")
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{document.filename_stem}.{fmt}",
        content_type=CONTENT_TYPES[fmt],
    )


@login_required
@require_POST
@domain_errors
def regenerate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(actor=request.user, document_id=pk)
    services.document_regenerate(actor=request.user, document=document)
    messages.success(request, _("Đã lập lại văn bản từ dữ liệu hiện tại."))
    return redirect("documents:detail", pk=document.pk)


def _period_param(request: HttpRequest) -> dict:
    raw = request.POST.get("period", "")
    return {"period": int(raw)} if raw.isdigit() else {}


@login_required
@require_POST
@domain_errors
def generate(request: AuthenticatedHttpRequest, kind: str, source_id: int) -> HttpResponse:
    """Build the paper from the owning capability's record and open its page."""
    if kind not in KINDS:
        raise UnknownKind(kind=kind)
    if kind == "press_release":
        draft = services.press_release_draft(actor=request.user, source_id=source_id)
        return redirect("documents:press_edit", pk=draft.pk)
    params = _period_param(request) if kind == "period_report" else {}
    document = services.document_generate(actor=request.user, kind=kind, source_id=source_id, params=params)
    messages.success(request, _("Đã lập văn bản “%(title)s”.") % {"title": document.title})
    return redirect("documents:detail", pk=document.pk)


@login_required
@require_POST
@domain_errors
def generate_from_term(request: AuthenticatedHttpRequest) -> HttpResponse:
    terms = _managed_terms(request.user)
    form = GenerateFromTermForm(request.POST, kinds=_term_kinds(), terms=terms)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn loại văn bản và cụm thi đua trong phạm vi quản lý của bạn."))
        return redirect("documents:index")
    document = services.document_generate(
        actor=request.user, kind=form.cleaned_data["kind"], source_id=int(form.cleaned_data["term"])
    )
    messages.success(request, _("Đã lập văn bản “%(title)s”.") % {"title": document.title})
    return redirect("documents:detail", pk=document.pk)


@login_required
@require_GET
def gallery(request: AuthenticatedHttpRequest) -> HttpResponse:
    templates = list(selectors.template_list())
    kinds = [
        {
            "code": code,
            "kind": kind,
            "templates": [t for t in templates if t.kind == code],
            "required": [field_label(key) for key in kind.required],
        }
        for code, kind in KINDS.items()
    ]
    return render(request, "documents/gallery.html", {"kinds": kinds, "pdf_available": pdf.is_available()})


@login_required
@require_GET
@domain_errors
def preview(request: AuthenticatedHttpRequest, kind: str, fmt: str) -> HttpResponse:
    """The kind's layout filled with demo data (nothing stored)."""
    if kind not in KINDS:
        raise UnknownKind(kind=kind)
    if fmt not in FORMATS:
        raise UnknownFormat(fmt=fmt)
    if fmt == "pdf":
        try:
            content = services.preview_pdf(actor=request.user, kind=kind)  # kept per content
        except PdfRateLimited as error:
            return _too_many(request, error)
        except (PdfUnavailable, PdfConversionFailed) as error:
            messages.warning(request, str(error))
            return redirect("documents:gallery")
    else:
        content = services.preview(kind=kind)
    return attachment(content, f"mau-{kind}.{fmt}", CONTENT_TYPES[fmt])


@login_required
@require_GET
@domain_errors
def starter_download(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    """A Word file with the kind's layout and placeholders, to edit and upload as a replacement."""
    if kind not in KINDS:
        raise UnknownKind(kind=kind)
    return attachment(starter.starter_template(kind), f"mau-goc-{kind}.docx", CONTENT_TYPES["docx"])


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def press_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    draft = selectors.press_release_get(actor=request.user, press_release_id=pk)
    if request.method == "POST":
        form = PressReleaseForm(request.POST)
        if form.is_valid():
            services.press_release_update(actor=request.user, press_release=draft, **form.cleaned_data)
            if request.POST.get("action") == "export":
                document = services.press_release_export(actor=request.user, press_release=draft)
                messages.success(request, _("Đã xuất tin bài ra Word."))
                return redirect("documents:detail", pk=document.pk)
            messages.success(request, _("Đã lưu bản nháp tin bài."))
            return redirect("documents:press_edit", pk=draft.pk)
        status = 422
    else:
        form = PressReleaseForm(
            initial={"title": draft.title, "lead": draft.lead, "body": draft.body, "byline": draft.byline}
        )
        status = 200
    return render(request, "documents/press_edit.html", {"draft": draft, "form": form}, status=status)


@login_required
@require_POST
@domain_errors
def press_reset(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    draft = selectors.press_release_get(actor=request.user, press_release_id=pk)
    services.press_release_reset(actor=request.user, press_release=draft)
    messages.success(request, _("Đã soạn lại tin bài từ dữ liệu hội nghị."))
    return HttpResponseRedirect(reverse("documents:press_edit", kwargs={"pk": draft.pk}))


# -- digital signatures (PAdES) --------------------------------------------------------------------


def _sign_form(request: AuthenticatedHttpRequest, document, data=None) -> SignForm | None:
    identities = list(selectors.signing_identities_of(actor=request.user))
    if not identities or not selectors.document_can_regenerate(actor=request.user, document=document):
        return None
    return SignForm(data, identities=identities)


@login_required
@require_POST
@domain_errors
def sign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(actor=request.user, document_id=pk)
    form = _sign_form(request, document, request.POST)
    if form is None:
        raise AccessDenied()  # no key of the user's own may sign this paper
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("documents:detail", pk=document.pk)
    try:
        services.document_sign(
            actor=request.user,
            document=document,
            identity=form.cleaned_data["identity"],
            passphrase=form.cleaned_data["passphrase"],
        )
    except PdfRateLimited as error:
        return _too_many(request, error)
    except (PdfUnavailable, PdfConversionFailed) as error:
        messages.warning(request, str(error))
        return redirect("documents:detail", pk=document.pk)
    messages.success(request, _("Đã ký số văn bản. Tải bản PDF đã ký ở mục “Tải về”."))
    return redirect("documents:detail", pk=document.pk)


@login_required
@require_GET
@domain_errors
def signed_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    document = selectors.document_get(actor=request.user, document_id=pk)
    if not document.signed_pdf:
        raise NotSigned()
    return FileResponse(
        document.signed_pdf.open("rb"),
        as_attachment=True,
        filename=f"{document.filename_stem}-ky-so.pdf",
        content_type="application/pdf",
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def signature_check(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SignatureCheckForm(request.POST or None, request.FILES or None)
    reports = None
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            reports = services.signature_check(
                actor=request.user, data=uploads.read_bytes(upload), name=upload.name
            )
        except DomainError as error:
            form.add_error("file", str(error))
            status = error.status
    elif request.method == "POST":
        status = 422
    return render(
        request, "documents/signature_check.html", {"form": form, "reports": reports}, status=status
    )
