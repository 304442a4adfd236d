"""Reads of the documents capability, scoped by the one permission policy.

A generated document is visible to whoever can VIEW its owner unit, or can see the cluster term it
was filed under (VIEW_CLUSTER).
"""

from django.db.models import Q, QuerySet

from thidua.accounts.models import User
from thidua.core.errors import NotFound
from thidua.organisation import access
from thidua.organisation.access import Action

from .models import DocumentTemplate, FormLayout, GeneratedDocument, PressRelease, SigningIdentity


def _visible(actor: User, queryset: QuerySet) -> QuerySet:
    if access.is_admin(actor):
        return queryset
    units = access.units_in_scope(actor, Action.VIEW).values("pk")
    terms = access.terms_in_scope(actor).values("pk")
    return queryset.filter(Q(owner__in=units) | Q(cluster_term__in=terms))


DOCUMENT_SORTS: dict[str, tuple[str, ...]] = {
    "created": ("created_at", "id"),
    "title": ("title", "-created_at", "-id"),
    "kind": ("kind", "-created_at", "-id"),
    "owner": ("owner__name", "-created_at", "-id"),
}
DOCUMENT_DEFAULT_SORT = "-created"


def document_list(*, actor: User, kind: str = "", query: str = "") -> QuerySet[GeneratedDocument]:
    """Documents in scope, newest first; every word of `query` is in the title or the owner unit's name."""
    documents = _visible(actor, GeneratedDocument.objects.all()).select_related(
        "owner", "cluster_term__cluster", "created_by"
    )
    if kind:
        documents = documents.filter(kind=kind)
    for word in query.split():
        documents = documents.filter(Q(title__icontains=word) | Q(owner__name__icontains=word))
    return documents.defer("context").order_by("-created_at", "-id")


def document_can_regenerate(*, actor: User, document: GeneratedDocument) -> bool:
    """The policy's GeneratedDocument.regenerate (the page shows the button)."""
    return access.can_object(actor, "regenerate", document)


def document_get(*, actor: User, document_id: int) -> GeneratedDocument:
    """Fetch and check in one call: absent and out of scope both give NotFound."""
    document = (
        GeneratedDocument.objects.select_related(
            "owner", "cluster_term__cluster__owner", "cluster_term__leader", "created_by", "template"
        )
        .filter(pk=document_id)
        .first()
    )
    if document is None or not access.can_object(actor, "view", document):
        raise NotFound()
    return document


def document_history(*, document: GeneratedDocument):
    return document.history.select_related("history_user").order_by("-history_date")[:20]


def press_release_list(*, actor: User) -> QuerySet[PressRelease]:
    return (
        _visible(actor, PressRelease.objects.all())
        .select_related("cluster_term__cluster", "owner")
        .order_by("-updated_at")
    )


def press_release_get(*, actor: User, press_release_id: int) -> PressRelease:
    draft = (
        PressRelease.objects.select_related(
            "owner", "cluster_term__cluster__owner", "cluster_term__leader", "document"
        )
        .filter(pk=press_release_id)
        .first()
    )
    if draft is None or not access.can_object(actor, "view", draft):
        raise NotFound()
    return draft


def template_list(*, kind: str = "") -> QuerySet[DocumentTemplate]:
    templates = DocumentTemplate.objects.filter(is_active=True).select_related("owner")
    return templates.filter(kind=kind) if kind else templates


def layout_list() -> QuerySet[FormLayout]:
    return FormLayout.objects.filter(is_active=True).select_related("owner").prefetch_related("fields")


def signing_identities_of(*, actor: User) -> QuerySet[SigningIdentity]:
    """The actor's own active keys: the only ones they may sign with."""
    if not getattr(actor, "is_authenticated", False):
        return SigningIdentity.objects.none()
    return SigningIdentity.objects.filter(user=actor, is_active=True).select_related("unit")


def signing_identity_list(*, actor: User) -> QuerySet[SigningIdentity]:
    """Every key for the system admin; one's own for anyone else."""
    if access.is_admin(actor):
        return SigningIdentity.objects.select_related("unit", "user")
    return signing_identities_of(actor=actor)
