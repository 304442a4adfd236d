"""Writes of the documents capability: render, regenerate, convert to PDF, templates, press drafts."""

import json
import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from thidua.core.errors import AccessDenied
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterTerm, Unit

from . import pdf, press, render, sources
from .errors import MissingContext, NotGeneratable, UnknownKind
from .kinds import KINDS, demo_context, missing_keys
from .models import CertificateForm, DocumentTemplate, FormLayout, GeneratedDocument, PressRelease

SAMPLE_NOTE = "DỮ LIỆU MẪU – chức năng nguồn chưa cung cấp dữ liệu thật"


class _Encoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        try:
            return super().default(o)
        except TypeError:
            return str(o)


def snapshot(context: dict) -> dict:
    """The context as stored: JSON only (dates → ISO strings, Decimals → strings, objects → text)."""
    return json.loads(json.dumps(dict(context), cls=_Encoder, ensure_ascii=False))


def _kind(kind: str):
    if kind not in KINDS:
        raise UnknownKind(kind=kind)
    return KINDS[kind]


# -- template and layout choice -----------------------------------------------------------------


def template_for(kind: str, owner: Unit | None) -> DocumentTemplate | None:
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


def layout_for(context: dict, owner: Unit | None) -> dict | None:
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
    return layout_as_dict(best)


def layout_as_dict(layout: FormLayout) -> dict:
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


def _render_bytes(
    kind: str, context: dict, owner: Unit | None, is_sample: bool
) -> tuple[bytes, DocumentTemplate | None]:
    template = template_for(kind, owner)
    layout = layout_for(context, owner) if kind == "certificate_overlay" else None
    if template is not None:
        with template.file.open("rb") as handle:
            data = handle.read()
        return render.render(kind, context, template_data=data, template_name=template.name), template
    note = SAMPLE_NOTE if is_sample else ""
    return render.render(kind, context, sample_note=note, layout=layout), None


def preview(
    kind: str, *, template: DocumentTemplate | None = None, layout: FormLayout | None = None
) -> bytes:
    """A paper with the demo context (template gallery, admin previews); nothing is stored."""
    _kind(kind)
    context = demo_context(kind)
    if template is not None:
        with template.file.open("rb") as handle:
            return render.render(kind, context, template_data=handle.read(), template_name=template.name)
    return render.render(kind, context, layout=layout_as_dict(layout) if layout else None)


# -- generated documents ------------------------------------------------------------------------


def _source_ref(source) -> tuple[str, int | None, ClusterTerm | None]:
    if source is None:
        return "", None, None
    if isinstance(source, tuple):
        return str(source[0]), int(source[1]) if source[1] is not None else None, None
    if isinstance(source, models.Model):
        term = source if isinstance(source, ClusterTerm) else sources._term_of(source)
        return f"{source._meta.app_label}.{source._meta.model_name}", int(source.pk), term
    raise TypeError(f"unsupported document source: {source!r}")


TITLE_PREFIX = {
    "plan": "Kế hoạch",
    "covenant": "Giao ước thi đua",
    "period_report": "Báo cáo",
    "conference_minutes": "Biên bản hội nghị",
    "vote_count_minutes": "Biên bản kiểm phiếu",
    "submission": "Tờ trình",
    "proposal_list": "Danh sách đề nghị khen thưởng",
    "decision": "Quyết định",
    "press_release": "Tin bài",
}


def _default_title(kind: str, context: dict) -> str:
    """"Báo cáo: Sơ kết phong trào thi đua …", "Bằng khen: Công an tỉnh Tiền Giang"."""
    if kind in ("certificate", "certificate_overlay"):
        form = str(context.get("form_name") or "Bằng khen").capitalize()
        suffix = " (in lên phôi)" if kind == "certificate_overlay" else ""
        return f"{form}{suffix}: {context.get('recipient', '')}"
    prefix = TITLE_PREFIX.get(kind, str(KINDS[kind].label))
    subject = context.get("title") or context.get("headline") or context.get("ballot_title") or ""
    return f"{prefix}: {subject}" if subject else prefix


def _history_by(instance, actor) -> None:
    """Record the actor in the audit history also outside a web request (demo, API, tasks)."""
    if getattr(actor, "pk", None):
        instance._history_user = actor


def _check_can_file(actor, owner: Unit | None, term: ClusterTerm | None) -> None:
    """A document is filed under a unit or a cluster term the actor can see."""
    if access.is_admin(actor):
        return
    if owner is not None and access.can(actor, Action.VIEW, owner):
        return
    if term is not None and access.can_term(actor, Action.VIEW_CLUSTER, term):
        return
    raise AccessDenied()


@transaction.atomic
def document_render(
    *,
    actor,
    kind: str,
    context: dict,
    title: str = "",
    owner: Unit | None = None,
    source=None,
    cluster_term: ClusterTerm | None = None,
    is_sample: bool = False,
) -> GeneratedDocument:
    """Render `context` as a `kind` paper, store the DOCX with who/when/what-data and return it.

    `source` is the record the paper is about (a model instance, or ("app.model", id)); its cluster
    term, when it has one, also files the document under that term. PDF is made on first download.
    """
    _kind(kind)
    missing = missing_keys(kind, context)
    if missing:
        raise MissingContext(kind=KINDS[kind].label, keys=", ".join(missing))
    source_app, source_id, source_term = _source_ref(source)
    term = cluster_term or source_term
    _check_can_file(actor, owner, term)
    data = snapshot(context)
    content, template = _render_bytes(kind, data, owner, is_sample)
    document = GeneratedDocument(
        kind=kind,
        title=(title or _default_title(kind, data))[:500],
        owner=owner,
        cluster_term=term,
        source_app=source_app,
        source_id=source_id,
        context=data,
        is_sample=is_sample,
        template=template,
        template_label=template.name if template else "built-in",
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    document.docx.save(f"{kind}-{uuid.uuid4().hex[:12]}.docx", ContentFile(content), save=False)
    _history_by(document, actor)
    document.save()
    return document


def document_generate(*, actor, kind: str, source_id: int, params: dict | None = None) -> GeneratedDocument:
    """Build the context from the owning capability's data (sources.py) and render it."""
    _kind(kind)
    if kind == "press_release":
        raise NotGeneratable(kind=KINDS[kind].label, hint="hãy soạn tin bài từ hội nghị rồi xuất ra Word.")
    context = sources.build(actor, kind, source_id, **(params or {}))
    return document_render(
        actor=actor,
        kind=kind,
        context=context,
        owner=context.owner,
        source=(context.source_app, context.source_id),
        cluster_term=context.cluster_term,
        is_sample=context.is_sample,
    )


@transaction.atomic
def document_regenerate(*, actor, document: GeneratedDocument) -> GeneratedDocument:
    """Render again: from fresh source data when the source still exists, else from the stored snapshot.

    The new file replaces the old one; the PDF is dropped and made again on the next download.
    History (simple-history) keeps who regenerated it and when.
    """
    document = GeneratedDocument.objects.select_for_update().get(pk=document.pk)
    _check_can_file(actor, document.owner, document.cluster_term)
    context: dict = document.context
    is_sample = document.is_sample
    if document.kind == "press_release" and document.source_app == "documents.pressrelease":
        draft = PressRelease.objects.filter(pk=int(document.source_id or 0)).first()
        if draft is not None:
            context = _press_context(draft)
    elif document.source_id is not None:
        fresh = sources.rebuild(
            actor, document.kind, document.source_app, int(document.source_id), **_params_of(document)
        )
        if fresh is not None:
            context, is_sample = fresh, fresh.is_sample
    data = snapshot(context)
    content, template = _render_bytes(document.kind, data, document.owner, is_sample)
    document.context = data
    document.is_sample = is_sample
    document.template = template
    document.template_label = template.name if template else "built-in"
    document.docx.save(f"{document.kind}-{uuid.uuid4().hex[:12]}.docx", ContentFile(content), save=False)
    document.pdf = None
    document.regenerated_at = timezone.now()
    _history_by(document, actor)
    document.save()
    return document


def _params_of(document: GeneratedDocument) -> dict:
    period = document.context.get("_period_id") if isinstance(document.context, dict) else None
    return {"period": period} if document.kind == "period_report" and period else {}


def document_pdf(*, actor, document: GeneratedDocument) -> GeneratedDocument:
    """Make (once) and store the PDF of a document; PdfUnavailable when LibreOffice is missing."""
    _check_can_file(actor, document.owner, document.cluster_term)
    if document.pdf:
        return document
    with document.docx.open("rb") as handle:
        content = pdf.convert(handle.read())
    document.pdf.save(f"{document.filename_stem}.pdf", ContentFile(content), save=False)
    document.save(update_fields=["pdf", "updated_at"])
    return document


def documents_pdf_batch(*, actor, documents: list[GeneratedDocument]) -> list[GeneratedDocument]:
    """Convert many documents in one LibreOffice run (demo data, benchmark, bulk printing)."""
    pending = [d for d in documents if not d.pdf]
    for document in pending:
        _check_can_file(actor, document.owner, document.cluster_term)
    files = {}
    for document in pending:
        with document.docx.open("rb") as handle:
            files[str(document.pk)] = handle.read()
    converted = pdf.convert_many(files)
    for document in pending:
        document.pdf.save(
            f"{document.filename_stem}.pdf", ContentFile(converted[str(document.pk)]), save=False
        )
        document.save(update_fields=["pdf", "updated_at"])
    return documents


# -- uploaded templates -------------------------------------------------------------------------


@transaction.atomic
def template_upload(
    *,
    actor,
    kind: str,
    name: str,
    data: bytes,
    filename: str,
    owner: Unit | None = None,
    is_active: bool = True,
) -> DocumentTemplate:
    """Store a replacement .docx after validation (type, size, required placeholders, trial render)."""
    _kind(kind)
    if owner is None:
        if not access.is_admin(actor):
            raise AccessDenied()
    elif not (access.can(actor, Action.MANAGE_CLUSTERS, owner) or access.is_admin(actor)):
        raise AccessDenied()
    render.validate_template(data, kind, filename=filename)
    template = DocumentTemplate(
        kind=kind, name=name.strip(), owner=owner, is_active=is_active, uploaded_by=actor
    )
    template.file.save(filename or f"{kind}.docx", ContentFile(data), save=False)
    template.save()
    return template


# -- press releases -----------------------------------------------------------------------------


def _press_context(draft: PressRelease) -> dict:
    return {
        "headline": draft.title,
        "lead": draft.lead,
        "paragraphs": draft.paragraphs,
        "byline": draft.byline,
    }


def _check_press(actor, draft: PressRelease) -> None:
    if access.is_admin(actor):
        return
    if draft.cluster_term is not None:
        access.require_term(actor, Action.MANAGE_TERM, draft.cluster_term)
        return
    if draft.owner is not None and access.can(actor, Action.EDIT, draft.owner):
        return
    raise AccessDenied()


@transaction.atomic
def press_release_draft(*, actor, source_id: int) -> PressRelease:
    """The draft of a conference's news item: created from the conference data once, then edited.

    Asking again returns the existing draft untouched (use `press_release_reset` to recompose).
    """
    context = sources.build(actor, "press_release", source_id)
    existing = (
        PressRelease.objects.select_for_update()
        .filter(source_app=context.source_app, source_id=context.source_id)
        .first()
    )
    if existing is not None:
        return existing
    composed = press.compose(context)
    return PressRelease.objects.create(
        title=composed["headline"],
        lead=composed["lead"],
        body="\n\n".join(composed["paragraphs"]),
        byline=composed["byline"],
        source_app=context.source_app,
        source_id=context.source_id,
        context=snapshot(context),
        is_sample=context.is_sample,
        owner=context.owner,
        cluster_term=context.cluster_term,
        created_by=actor if getattr(actor, "pk", None) else None,
    )


@transaction.atomic
def press_release_update(
    *, actor, press_release: PressRelease, title: str, lead: str, body: str, byline: str = ""
) -> PressRelease:
    _check_press(actor, press_release)
    press_release.title = title.strip()
    press_release.lead = lead.strip()
    press_release.body = body.replace("\r\n", "\n").strip()
    press_release.byline = byline.strip()
    press_release.save()
    return press_release


@transaction.atomic
def press_release_reset(*, actor, press_release: PressRelease) -> PressRelease:
    """Recompose the draft from the conference's current data (edits are replaced; history keeps them)."""
    _check_press(actor, press_release)
    if press_release.source_id is not None and press_release.source_app != "":
        context: dict = sources.build(actor, "press_release", int(press_release.source_id))
        press_release.context = snapshot(context)
        press_release.is_sample = getattr(context, "is_sample", press_release.is_sample)
    composed = press.compose(press_release.context)
    press_release.title = composed["headline"]
    press_release.lead = composed["lead"]
    press_release.body = "\n\n".join(composed["paragraphs"])
    press_release.byline = composed["byline"]
    press_release.save()
    return press_release


@transaction.atomic
def press_release_export(*, actor, press_release: PressRelease) -> GeneratedDocument:
    """The edited draft as a Word document (kind press_release)."""
    _check_press(actor, press_release)
    document = document_render(
        actor=actor,
        kind="press_release",
        context=_press_context(press_release),
        title=f"Tin bài: {press_release.title}",
        owner=press_release.owner,
        source=("documents.pressrelease", press_release.pk),
        cluster_term=press_release.cluster_term,
        is_sample=press_release.is_sample,
    )
    press_release.document = document
    press_release.save(update_fields=["document", "updated_at"])
    return document
