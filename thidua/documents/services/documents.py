"""Generated documents: render and store, generate from a capability's data, regenerate, PDF."""

import functools
import json
import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.organisation import access
from thidua.organisation.models import ClusterTerm, Unit

from .. import pdf, policy, registry, sources, throttle
from ..errors import MissingContext, NotGeneratable, PdfUnavailable
from ..kinds import KINDS, missing_keys
from ..models import GeneratedDocument, PressRelease
from .templates import check_kind, render_bytes


class _Encoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        try:
            return super().default(o)
        except TypeError:
            return str(o)


def _in_vietnamese(func):
    """An official paper is written in Vietnamese whatever the reader's UI language (labels such as
    grades and statuses are translated strings): render it under the Vietnamese catalogue."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with translation.override("vi"):
            return func(*args, **kwargs)

    return wrapper


def snapshot(*, context: dict) -> dict:
    """The context as stored: JSON only (dates → ISO strings, Decimals → strings, objects → text)."""
    return json.loads(json.dumps(dict(context), cls=_Encoder, ensure_ascii=False))


# -- generated documents ------------------------------------------------------------------------


def _adapted(kind: str, context: dict, source) -> dict:
    """A capability may pass its own selector's dict (e.g. conference_document_context) with the
    record as `source`: the kind's registered `adapt` maps it onto the paper's keys."""
    paper = registry.get(kind)
    if not missing_keys(kind, context) or paper.adapt is None or not isinstance(source, paper.source):
        return context
    return paper.adapt(dict(context), source)


def _source_ref(kind: str, source) -> tuple[str, int | None, ClusterTerm | None]:
    if source is None:
        return "", None, None
    if isinstance(source, tuple):
        return str(source[0]), int(source[1]) if source[1] is not None else None, None
    if isinstance(source, models.Model):
        paper = registry.get(kind)
        term: ClusterTerm | None
        if isinstance(source, ClusterTerm):
            term = source
        else:
            term = paper.term_of(source) if paper.term_of and isinstance(source, paper.source) else None
        return registry.source_label(type(source)), int(source.pk), term
    raise TypeError(f"unsupported document source: {source!r}")


def _default_title(kind: str, context: dict) -> str:
    """ "Báo cáo: Sơ kết phong trào thi đua …", "Bằng khen: Công an tỉnh Tiền Giang"."""
    if kind in ("certificate", "certificate_overlay"):
        form = str(context.get("form_name") or "Bằng khen").capitalize()
        suffix = " (in lên phôi)" if kind == "certificate_overlay" else ""
        return f"{form}{suffix}: {context.get('recipient', '')}"
    prefix = registry.get(kind).title or str(KINDS[kind].label)
    subject = context.get("title") or context.get("headline") or context.get("ballot_title") or ""
    return f"{prefix}: {subject}" if subject else prefix


def _history_by(instance, actor: User) -> None:
    """Record the actor in the audit history also outside a web request (demo, API, tasks)."""
    if getattr(actor, "pk", None):
        instance._history_user = actor


@transaction.atomic
@_in_vietnamese
def document_render(
    *,
    actor: User,
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
    check_kind(kind=kind)
    context = _adapted(kind, context, source)
    missing = missing_keys(kind, context)
    if missing:
        raise MissingContext(kind=KINDS[kind].label, keys=", ".join(missing))
    source_app, source_id, source_term = _source_ref(kind, source)
    term = cluster_term or source_term
    policy.require_file(actor, owner, term)
    data = snapshot(context=context)
    content, template = render_bytes(kind=kind, context=data, owner=owner, is_sample=is_sample)
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


@_in_vietnamese
def document_generate(
    *, actor: User, kind: str, source_id: int, params: dict | None = None
) -> GeneratedDocument:
    """Build the context from the owning capability's data (sources.py) and render it."""
    check_kind(kind=kind)
    if kind == "press_release":
        raise NotGeneratable(kind=KINDS[kind].label, hint=_("hãy soạn tin bài từ hội nghị rồi xuất ra Word."))
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
@_in_vietnamese
def document_regenerate(*, actor: User, document: GeneratedDocument) -> GeneratedDocument:
    """Render again: from fresh source data when the source still exists, else from the stored snapshot.

    The new file replaces the old one; the PDF is dropped and made again on the next download.
    History (simple-history) keeps who regenerated it and when.
    """
    document = GeneratedDocument.objects.select_for_update().get(pk=document.pk)
    access.require_object(actor, "view", document)
    access.require_object(actor, "regenerate", document)
    context: dict = document.context
    is_sample = document.is_sample
    if document.kind == "press_release" and document.source_app == "documents.pressrelease":
        draft = PressRelease.objects.filter(pk=int(document.source_id or 0)).first()
        if draft is not None:
            context = press_context(draft=draft)
    elif document.source_id is not None:
        fresh = sources.rebuild(
            actor, document.kind, document.source_app, int(document.source_id), **_params_of(document)
        )
        if fresh is not None:
            context, is_sample = fresh, fresh.is_sample
    data = snapshot(context=context)
    content, template = render_bytes(
        kind=document.kind, context=data, owner=document.owner, is_sample=is_sample
    )
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


def document_pdf(*, actor: User, document: GeneratedDocument) -> GeneratedDocument:
    """Make (once) and store the PDF of a document; PdfUnavailable when LibreOffice is missing,
    PdfRateLimited when the actor started too many conversions this minute."""
    policy.require_file(actor, document.owner, document.cluster_term)
    if document.pdf:  # kept until the document is regenerated (which drops it)
        return document
    if not pdf.is_available():
        raise PdfUnavailable()
    throttle.pdf_take(actor)  # PdfRateLimited (429) past the user's conversions of this minute
    with document.docx.open("rb") as handle:
        content = pdf.convert(handle.read())
    document.pdf.save(f"{document.filename_stem}.pdf", ContentFile(content), save=False)
    document.save(update_fields=["pdf", "updated_at"])
    return document


def documents_pdf_batch(*, actor: User, documents: list[GeneratedDocument]) -> list[GeneratedDocument]:
    """Convert many documents in one LibreOffice run (demo data, benchmark, bulk printing)."""
    pending = [d for d in documents if not d.pdf]
    for document in pending:
        policy.require_file(actor, document.owner, document.cluster_term)
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


def press_context(*, draft: PressRelease) -> dict:
    return {
        "headline": draft.title,
        "lead": draft.lead,
        "paragraphs": draft.paragraphs,
        "byline": draft.byline,
    }
