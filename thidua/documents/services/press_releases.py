"""Press-release drafts (tin bài): composed from a conference, edited by a person, exported to Word."""

from django.db import transaction

from thidua.accounts.models import User
from thidua.organisation import access

from .. import press, sources
from ..models import GeneratedDocument, PressRelease
from .documents import document_render, press_context, snapshot


@transaction.atomic
def press_release_draft(*, actor: User, source_id: int) -> PressRelease:
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
        context=snapshot(context=context),
        is_sample=context.is_sample,
        owner=context.owner,
        cluster_term=context.cluster_term,
        created_by=actor if getattr(actor, "pk", None) else None,
    )


@transaction.atomic
def press_release_update(
    *, actor: User, press_release: PressRelease, title: str, lead: str, body: str, byline: str = ""
) -> PressRelease:
    access.require_object(actor, "edit", press_release)
    press_release.title = title.strip()
    press_release.lead = lead.strip()
    press_release.body = body.replace("\r\n", "\n").strip()
    press_release.byline = byline.strip()
    press_release.save()
    return press_release


@transaction.atomic
def press_release_reset(*, actor: User, press_release: PressRelease) -> PressRelease:
    """Recompose the draft from the conference's current data (edits are replaced; history keeps them)."""
    access.require_object(actor, "edit", press_release)
    if press_release.source_id is not None and press_release.source_app != "":
        context: dict = sources.build(actor, "press_release", int(press_release.source_id))
        press_release.context = snapshot(context=context)
        press_release.is_sample = getattr(context, "is_sample", press_release.is_sample)
    composed = press.compose(press_release.context)
    press_release.title = composed["headline"]
    press_release.lead = composed["lead"]
    press_release.body = "\n\n".join(composed["paragraphs"])
    press_release.byline = composed["byline"]
    press_release.save()
    return press_release


@transaction.atomic
def press_release_export(*, actor: User, press_release: PressRelease) -> GeneratedDocument:
    """The edited draft as a Word document (kind press_release)."""
    access.require_object(actor, "edit", press_release)
    document = document_render(
        actor=actor,
        kind="press_release",
        context=press_context(draft=press_release),
        title=f"Tin bài: {press_release.title}",
        owner=press_release.owner,
        source=("documents.pressrelease", press_release.pk),
        cluster_term=press_release.cluster_term,
        is_sample=press_release.is_sample,
    )
    press_release.document = document
    press_release.save(update_fields=["document", "updated_at"])
    return document
