"""Choosing and managing templates: uploaded .docx per owner, overlay layouts, previews."""

import hashlib
import io
import zipfile

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from thidua.accounts.models import User
from thidua.accounts.types import Actor
from thidua.core.errors import AccessDenied
from thidua.organisation.models import Unit

from .. import pdf, policy, render, throttle
from ..errors import PdfUnavailable, UnknownKind
from ..kinds import KINDS, demo_context
from ..models import CertificateForm, DocumentTemplate, FormLayout

SAMPLE_NOTE = "DỮ LIỆU MẪU – chức năng nguồn chưa cung cấp dữ liệu thật"


def check_kind(*, kind: str):
    if kind not in KINDS:
        raise UnknownKind(kind=kind)
    return KINDS[kind]


# -- template and layout choice -----------------------------------------------------------------


def template_for(*, kind: str, owner: Unit | None) -> DocumentTemplate | None:
    """The active uploaded template nearest to the owner (own unit, then ancestors), then a global one."""
    candidates = list(
        DocumentTemplate.objects.filter(kind=kind, is_active=True)
        .select_related("owner")
        .order_by("-created_at")
    )
    return _nearest(candidates, owner)


def _nearest(items: list, owner: Unit | None):
    """The item whose owner unit is the nearest ancestor-or-self of `owner`; owner-less items last."""
    best = None
    best_depth = -1
    for item in items:
        item_owner = item.owner
        if item_owner is None:
            depth = 0
        elif owner is not None and owner.path.startswith(item_owner.path):
            depth = item_owner.path.count(".") + 1
        else:
            continue
        if depth > best_depth:
            best, best_depth = item, depth
    return best


def layout_for(*, context: dict, owner: Unit | None) -> dict | None:
    """The overlay layout of the pre-printed form (Giấy khen or Bằng khen) nearest to the owner."""
    form = (
        CertificateForm.GIAY_KHEN
        if "GIẤY" in str(context.get("form_name", "")).upper()
        else CertificateForm.BANG_KHEN
    )
    layouts = (
        FormLayout.objects.filter(is_active=True, form=form)
        .select_related("owner")
        .prefetch_related("fields")
    )
    if context.get("layout_id"):
        layouts = layouts.filter(pk=context["layout_id"])
    best = _nearest(list(layouts), owner)
    if best is None:
        return None
    return layout_as_dict(layout=best)


def layout_as_dict(*, layout: FormLayout) -> dict:
    return {
        "name": layout.name,
        "page_width_mm": layout.page_width_mm,
        "page_height_mm": layout.page_height_mm,
        "fields": [
            {
                "key": f.key,
                "x_mm": float(f.x_mm),
                "y_mm": float(f.y_mm),
                "width_mm": float(f.width_mm),
                "font_size": f.font_size,
                "bold": f.bold,
                "italic": f.italic,
                "align": f.align,
            }
            for f in layout.fields.all()
        ],
    }


def render_bytes(
    *, kind: str, context: dict, owner: Unit | None, is_sample: bool
) -> tuple[bytes, DocumentTemplate | None]:
    template = template_for(kind=kind, owner=owner)
    layout = layout_for(context=context, owner=owner) if kind == "certificate_overlay" else None
    if template is not None:
        with template.file.open("rb") as handle:
            data = handle.read()
        return render.render(kind, context, template_data=data, template_name=template.name), template
    note = SAMPLE_NOTE if is_sample else ""
    return render.render(kind, context, sample_note=note, layout=layout), None


def preview(
    *, kind: str, template: DocumentTemplate | None = None, layout: FormLayout | None = None
) -> bytes:
    """A paper with the demo context (template gallery, admin previews); nothing is stored."""
    check_kind(kind=kind)
    context = demo_context(kind)
    if template is not None:
        with template.file.open("rb") as handle:
            return render.render(kind, context, template_data=handle.read(), template_name=template.name)
    return render.render(kind, context, layout=layout_as_dict(layout=layout) if layout else None)


PREVIEW_DIRECTORY = "documents/previews"


def content_fingerprint(*, docx: bytes) -> str:
    """The same paper gives the same fingerprint: the zip entries' names and contents, not their
    timestamps (which change on every render)."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        for name in sorted(archive.namelist()):
            digest.update(name.encode())
            digest.update(b"\0")
            digest.update(archive.read(name))
    return digest.hexdigest()


def preview_pdf(*, actor: User, kind: str) -> bytes:
    """The demo paper as PDF, converted once per content: kept in storage under the fingerprint of
    its Word file, so a preview is made again only when the layout or the demo data changed. A
    conversion counts against the actor's PDF allowance (PdfRateLimited, 429); a kept one does not."""
    docx = preview(kind=kind)
    name = f"{PREVIEW_DIRECTORY}/{kind}-{content_fingerprint(docx=docx)}.pdf"
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as handle:
            return handle.read()
    if not pdf.is_available():
        raise PdfUnavailable()
    throttle.pdf_take(actor)
    content = pdf.convert(docx)
    if not default_storage.exists(name):  # a parallel request may have stored it meanwhile
        default_storage.save(name, ContentFile(content))
    return content


# -- uploaded templates -------------------------------------------------------------------------


def check_can_upload(*, actor: Actor, owner: Unit | None) -> None:
    """The policy's `can_upload_template`, checked before the file is even parsed (the admin form calls
    it ahead of the validation)."""
    if not policy.can_upload_template(actor, owner):
        raise AccessDenied()


@transaction.atomic
def template_upload(
    *,
    actor: User,
    kind: str,
    name: str,
    data: bytes,
    filename: str,
    owner: Unit | None = None,
    is_active: bool = True,
) -> DocumentTemplate:
    """Store a replacement .docx after validation (type, size, required placeholders, trial render)."""
    check_kind(kind=kind)
    check_can_upload(actor=actor, owner=owner)
    render.validate_template(data, kind, filename=filename)
    template = DocumentTemplate(
        kind=kind, name=name.strip(), owner=owner, is_active=is_active, uploaded_by=actor
    )
    template.file.save(filename or f"{kind}.docx", ContentFile(data), save=False)
    template.save()
    return template
