"""Object rules of the documents capability, registered with the one policy (organisation.access).

A generated document or a press-release draft is visible to whoever can VIEW its owner unit or see
the cluster term it was filed under. Services and selectors ask `access.can_object(actor, "view", obj)`
etc.; `can_file` and `can_upload_template` answer for a place (owner unit, term) before anything exists.
Loaded by DocumentsConfig.ready."""

from django.utils.translation import gettext_lazy as _

from thidua.accounts.types import Actor
from thidua.core.errors import AccessDenied
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterTerm, Unit

from .models import GeneratedDocument, PressRelease, SigningIdentity


@access.rule(GeneratedDocument, "view")
@access.rule(PressRelease, "view")
def can_view(actor: Actor, record: GeneratedDocument | PressRelease) -> bool:
    if access.is_admin(actor):
        return True
    if record.owner_id is not None and access.can(actor, Action.VIEW, record.owner):
        return True
    return record.cluster_term is not None and access.can_term(
        actor, Action.VIEW_CLUSTER, record.cluster_term
    )


@access.rule(PressRelease, "edit")
def can_edit_press(actor: Actor, draft: PressRelease) -> bool:
    """A press-release draft of a cluster term: the term's managers; of a unit: its editors."""
    if access.is_admin(actor):
        return True
    if draft.cluster_term is not None:
        return access.can_term(actor, Action.MANAGE_TERM, draft.cluster_term)
    return draft.owner is not None and access.can(actor, Action.EDIT, draft.owner)


@access.rule(GeneratedDocument, "regenerate")
def can_regenerate(actor: Actor, document: GeneratedDocument) -> bool:
    """Its author, the managers of its cluster term, or the editors / board of its owner unit."""
    if access.is_admin(actor) or (document.created_by_id is not None and document.created_by_id == actor.pk):
        return True
    if document.cluster_term is not None and access.can_term(
        actor, Action.MANAGE_TERM, document.cluster_term
    ):
        return True
    return document.owner is not None and (
        access.can(actor, Action.EDIT, document.owner)
        or access.can(actor, Action.MANAGE_CLUSTERS, document.owner)
    )


@access.rule(SigningIdentity, "sign")
def can_sign_with(actor: Actor, identity: SigningIdentity) -> bool:
    """A key signs for its holder only: not for the system admin who registered it, not for a
    colleague at the same unit. Whether the key is still in use is the signing service's question
    (a refused key, 422), not a permission (403)."""
    return identity.user_id is not None and identity.user_id == getattr(actor, "pk", None)


def can_file(actor: Actor, owner: Unit | None, term: ClusterTerm | None) -> bool:
    """A document is filed under a unit or a cluster term the actor can see."""
    if access.is_admin(actor):
        return True
    if owner is not None and access.can(actor, Action.VIEW, owner):
        return True
    return term is not None and access.can_term(actor, Action.VIEW_CLUSTER, term)


def require_file(actor: Actor, owner: Unit | None, term: ClusterTerm | None) -> None:
    if not can_file(actor, owner, term):
        raise AccessDenied()


def require_manage_keys(actor: Actor) -> None:
    """Signing keys (and the partners an exchange trusts) are the system admin's."""
    if not access.is_admin(actor):
        raise AccessDenied(_("Chỉ quản trị hệ thống được quản lý khóa ký số."))


def can_upload_template(actor: Actor, owner: Unit | None) -> bool:
    """A system-wide template: the system admin; a unit's template: the board of that unit (or the admin)."""
    if owner is None:
        return access.is_admin(actor)
    return access.can(actor, Action.MANAGE_CLUSTERS, owner) or access.is_admin(actor)
