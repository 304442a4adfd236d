"""Reads of the documents capability, scoped by the one permission policy.

A generated document is visible to whoever can VIEW its owner unit, or can see the cluster term it
was filed under (VIEW_CLUSTER).
"""

from django.db.models import Q, QuerySet

from thidua.core.errors import NotFound
from thidua.organisation import access
from thidua.organisation.access import Action

from .models import DocumentTemplate, FormLayout, GeneratedDocument, PressRelease, SigningIdentity


def _visible(actor, queryset: QuerySet) -> QuerySet:
    if access.is_admin(actor):
        return queryset
    units = access.units_in_scope(actor, Action.VIEW).values("pk")
    terms = access.terms_in_scope(actor).values("pk")
    return queryset.filter(Q(owner__in=units) | Q(cluster_term__in=terms))


def document_list(*, actor, kind: str = "", query: str = "") -> QuerySet[GeneratedDocument]:
    documents = _visible(actor, GeneratedDocument.objects.all()).select_related(
        "owner", "cluster_term__cluster", "created_by"
    )
    if kind:
        documents = documents.filter(kind=kind)
    if query:
        documents = documents.filter(title__icontains=query)
    return documents.defer("context").order_by("-created_at", "-id")


def can_view(actor, document) -> bool:
    if access.is_admin(actor):
        return True
    if document.owner_id is not None and access.can(actor, Action.VIEW, document.owner):
        return True
    return document.cluster_term_id is not None and access.can_term(
        actor, Action.VIEW_CLUSTER, document.cluster_term
    )


def can_regenerate(actor, document) -> bool:
    """Its author, the managers of its cluster term, or the editors / board of its owner unit."""
    if access.is_admin(actor) or (document.created_by_id is not None and document.created_by_id == actor.pk):
        return True
    if document.cluster_term_id is not None and access.can_term(
        actor, Action.MANAGE_TERM, document.cluster_term
    ):
        return True
    return document.owner_id is not None and (
        access.can(actor, Action.EDIT, document.owner)
        or access.can(actor, Action.MANAGE_CLUSTERS, document.owner)
    )


def document_get(*, actor, document_id: int) -> GeneratedDocument:
    """Fetch and check in one call: absent and out of scope both give NotFound."""
    document = (
        GeneratedDocument.objects.select_related(
            "owner", "cluster_term__cluster__owner", "cluster_term__leader", "created_by", "template"
        )
        .filter(pk=document_id)
        .first()
    )
    if document is None or not can_view(actor, document):
        raise NotFound()
    return document


def document_history(*, document: GeneratedDocument):
    return document.history.select_related("history_user").order_by("-history_date")[:20]


def press_release_list(*, actor) -> QuerySet[PressRelease]:
    return (
        _visible(actor, PressRelease.objects.all())
        .select_related("cluster_term__cluster", "owner")
        .order_by("-updated_at")
    )


def press_release_get(*, actor, press_release_id: int) -> PressRelease:
    draft = (
        PressRelease.objects.select_related(
            "owner", "cluster_term__cluster__owner", "cluster_term__leader", "document"
        )
        .filter(pk=press_release_id)
        .first()
    )
    if draft is None or not can_view(actor, draft):
        raise NotFound()
    return draft


def template_list(*, kind: str = "") -> QuerySet[DocumentTemplate]:
    templates = DocumentTemplate.objects.filter(is_active=True).select_related("owner")
    return templates.filter(kind=kind) if kind else templates


def layout_list() -> QuerySet[FormLayout]:
    return FormLayout.objects.filter(is_active=True).select_related("owner").prefetch_related("fields")


def signing_identities_of(*, actor) -> QuerySet[SigningIdentity]:
    """The actor's own active keys: the only ones they may sign with."""
    if not getattr(actor, "is_authenticated", False):
        return SigningIdentity.objects.none()
    return SigningIdentity.objects.filter(user=actor, is_active=True).select_related("unit")


def signing_identity_list(*, actor) -> QuerySet[SigningIdentity]:
    """Every key for the system admin; one's own for anyone else."""
    if access.is_admin(actor):
        return SigningIdentity.objects.select_related("unit", "user")
    return signing_identities_of(actor=actor)
